// Loaded into Portkey's gateway with `node --import` (bench/gateway/run.sh). Under Node 20,
// Portkey 1.15.2 answers every streamed chat call with 500 "Something went wrong": after setting up
// the relayed stream it adds, sets and deletes its own x-portkey-* response headers on a Response
// whose headers are immutable, and the TypeError ends the call. Skipping those header edits on such
// a Response lets the peer stream; nothing else it does changes (non-streamed calls never get here).
for (const method of ["append", "set", "delete"]) {
  const original = Headers.prototype[method];
  Headers.prototype[method] = function (...args) {
    try {
      return original.apply(this, args);
    } catch (e) {
      if (e instanceof TypeError && e.message === "immutable") {
        return undefined;
      }
      throw e;
    }
  };
}
