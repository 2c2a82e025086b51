// Drafts of an open dialog's non-secret fields, kept in this browser tab's sessionStorage so a
// reload or a restart of the app does not lose what an admin typed. The server never passes a
// secret value here. Writes are debounced; a pending write is flushed when the page goes away
// (the reconnect UI reloads the page after a restart).
window.agentHubDrafts = (() => {
    const delayMs = 250;
    const pending = new Map();

    function write(key, json) {
        try {
            sessionStorage.setItem(key, json);
        } catch {
            // Storage full or disabled: the dialog still works, only the draft is not kept.
        }
    }

    function flush() {
        for (const [key, entry] of pending) {
            clearTimeout(entry.timer);
            write(key, entry.json);
        }
        pending.clear();
    }

    window.addEventListener("pagehide", flush);
    window.addEventListener("beforeunload", flush);

    return {
        save(key, json) {
            const previous = pending.get(key);
            if (previous) {
                clearTimeout(previous.timer);
            }
            const timer = setTimeout(() => {
                pending.delete(key);
                write(key, json);
            }, delayMs);
            pending.set(key, { json, timer });
        },
        load(key) {
            const entry = pending.get(key);
            if (entry) {
                return entry.json;
            }
            try {
                return sessionStorage.getItem(key);
            } catch {
                return null;
            }
        },
        clear(key) {
            const entry = pending.get(key);
            if (entry) {
                clearTimeout(entry.timer);
                pending.delete(key);
            }
            try {
                sessionStorage.removeItem(key);
            } catch {
                // Nothing was kept.
            }
        },
    };
})();
