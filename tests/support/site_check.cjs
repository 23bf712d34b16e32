// A real browser's view of every page of the results site (tests/test_site.py):
// axe-core (WCAG 2.1 A/AA + best practice) at 1280 px, the keyboard's tab order and a visible
// focus on every stop, and no horizontal scrolling at 390 px and at 200 % zoom (a 1280 px window
// zoomed to 200 % is a 640 px CSS viewport at device scale 2).
// Usage: NODE_PATH=build/axe/node_modules node site_check.cjs CHROMIUM AXE_JS PAGE.html...
const fs = require("fs");
const url = require("url");
const puppeteer = require("puppeteer-core");

const [chromium, axePath, ...pages] = process.argv.slice(2);
const axeSource = fs.readFileSync(axePath, "utf8");
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"];

async function overflow(page) {
  return page.evaluate(() => {
    const doc = document.documentElement;
    const wide = [];
    for (const el of document.querySelectorAll("body *")) {
      const r = el.getBoundingClientRect();
      if (r.width && r.right > doc.clientWidth + 1 && !el.closest(".tabell")) wide.push(el.tagName + "." + el.className);
    }
    return {scrollWidth: doc.scrollWidth, clientWidth: doc.clientWidth, wide: wide.slice(0, 5)};
  });
}

(async () => {
  const browser = await puppeteer.launch({executablePath: chromium, headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--allow-file-access-from-files"]});
  const out = {};
  try {
    for (const file of pages) {
      const href = url.pathToFileURL(file).href;
      const page = await browser.newPage();
      await page.setViewport({width: 1280, height: 900});
      await page.goto(href, {waitUntil: "load"});
      await page.addScriptTag({content: axeSource});
      const axe = await page.evaluate(async (tags) => {
        const r = await axe.run(document, {runOnly: {type: "tag", values: tags}});
        return {violations: r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                                     nodes: v.nodes.slice(0, 5).map(n => n.target.join(" "))})),
                passes: r.passes.length};
      }, TAGS);
      // What the keyboard can reach: focusable and rendered (not inside a closed <details>).
      const focusable = await page.evaluate(() =>
        [...document.querySelectorAll('a[href], summary, button, input, select, textarea, [tabindex]:not([tabindex="-1"])')]
          .filter(e => e.checkVisibility()).length);
      const stops = [];
      for (let i = 0; i < focusable + 1 && i < 200; i++) {
        await page.keyboard.press("Tab");
        stops.push(await page.evaluate(() => {
          const e = document.activeElement;
          if (!e || e === document.body) return null;
          const cs = getComputedStyle(e);
          const r = e.getBoundingClientRect();
          return {tag: e.tagName, text: (e.textContent || "").trim().slice(0, 50), href: e.getAttribute("href"),
                  outline: cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) >= 2,
                  shadow: cs.boxShadow !== "none", top: r.top + window.scrollY, left: r.left,
                  inView: r.bottom > 0 && r.top < window.innerHeight && r.width > 0};
        }));
      }
      // The skip link: the first stop; following it puts the focus on the main content.
      await page.goto(href, {waitUntil: "load"});
      await page.keyboard.press("Tab");
      await page.keyboard.press("Enter");
      const afterSkip = await page.evaluate(() => document.activeElement && document.activeElement.id);
      await page.setViewport({width: 390, height: 844});
      await page.goto(href, {waitUntil: "load"});
      const phone = await overflow(page);
      await page.setViewport({width: 640, height: 450, deviceScaleFactor: 2});
      await page.goto(href, {waitUntil: "load"});
      const zoom = await overflow(page);
      out[file] = {axe, focusable, stops, afterSkip, phone, zoom};
      await page.close();
    }
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(out));
})().catch(e => { process.stderr.write(String(e && e.stack || e)); process.exit(2); });
