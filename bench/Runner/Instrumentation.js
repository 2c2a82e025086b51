// Injected before any page script (Playwright init script). Times are performance.now(): milliseconds
// since the navigation started. CFG is replaced by the runner with { rowSelector, button, clickLoop }.
(() => {
  const cfg = CFG;
  const b = window.__bench = { rowSelector: cfg.rowSelector, firstRow: null, dialogAt: null, clicks: 0, lastClick: null, lastMutation: 0, watch: null };
  b.mutations = [];
  b.clickTimes = [];
  // Tells the runner that the load probe's two times are taken, by a console message: waiting with
  // Playwright's waitForFunction would evaluate Playwright's injected script in the page (50-75 ms of
  // the main thread in a Chromium trace) and poll it, in the middle of the load being measured.
  const done = () => { if (b.firstRow !== null && b.dialogAt !== null && !b.reported) { b.reported = true; console.debug('bench:done'); } };
  const check = () => {
    b.lastMutation = performance.now();
    if (b.mutations.length < 60 && document.readyState !== 'loading') {
      // When each burst of changes (about one render batch) landed, for BENCH_TRACE.
      b.mutations.push(Math.round(b.lastMutation));
    }
    if (b.firstRow === null && b.firstRowDom === undefined && document.querySelector(cfg.rowSelector)) {
      b.firstRowDom = performance.now();
      // Visible: the frame after the row entered the document.
      requestAnimationFrame(() => { b.firstRow = performance.now(); done(); });
    }
    if (b.interactiveAt === undefined && document.querySelector("[data-interactive='true']")) {
      b.interactiveAt = performance.now();
      // Whether the circuit's first render already holds the tab's button, enabled (BENCH_TRACE).
      b.buttonAtInteractive = [...document.querySelectorAll('button')].some(x => x.textContent.trim() === cfg.button && !x.disabled);
    }
    if (b.dialogAt === null && document.querySelector('.mud-dialog')) {
      b.dialogAt = performance.now();
      done();
    }
    if (b.watch) {
      b.watch();
    }
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, characterData: true, attributes: true });
  document.addEventListener('click', e => { b.lastClick = e.timeStamp; }, true);
  if (cfg.clickLoop) {
    // Clicks the button every 50 ms from the moment it exists until a dialog opens: a click on the
    // prerendered page does nothing until the circuit is live, so the first answered one is when a user's would be.
    const timer = setInterval(() => {
      if (b.dialogAt !== null) { clearInterval(timer); return; }
      const button = [...document.querySelectorAll('button')].find(x => x.textContent.trim() === cfg.button);
      if (button) { b.clicks++; if (b.clickTimes.length < 60) { b.clickTimes.push(Math.round(performance.now())); } button.click(); }
    }, 50);
  }
})();
