// Focus moves the server cannot make with an ElementReference of its own: RowActions gives the focus
// to the button of the row's menu that has just replaced the plain one the admin pressed.
window.agentHubFocus = {
    firstButton: element => element?.querySelector("button")?.focus(),
};

// The Agent Hub page's tab strip keys, as MudTabs had them, without a round trip: the arrow keys, Home and End move
// the focus between its tabs; Space opens the focused tab as Enter does (each tab but the chosen one is a link).
document.addEventListener("keydown", event => {
    const tab = event.target instanceof Element ? event.target.closest(".agenthub-tabbar-content [role=tablist] > [role=tab]") : null;
    if (!tab || event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) {
        return;
    }

    if (event.key === " ") {
        event.preventDefault();
        if (!event.repeat) {
            tab.click();
        }

        return;
    }

    const tabs = [...tab.parentElement.querySelectorAll(":scope > [role=tab]")];
    const index = tabs.indexOf(tab);
    const next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: tabs.length - 1 }[event.key];
    if (next === undefined) {
        return;
    }

    event.preventDefault();
    tabs[(next + tabs.length) % tabs.length].focus();
});
