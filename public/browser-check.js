/*
 * Runs before the app, in any browser: ES5 only, no inline script (the page's CSP allows script-src 'self').
 * A browser below the support line (Chromium 86, see docs/deploy.md) or one that refuses the site its
 * IndexedDB (private windows, locked-down profiles), or a copy opened from a folder (file://), gets a plain
 * Chinese message instead of a blank page.
 * scripts/checkBrowserLine.ts keeps this file ES5.
 */
(function () {
  var MIN_CHROMIUM = 86;
  var shown = false;

  function kernelTooOld() {
    // Each of these arrived in Chromium 84-85; together they say the kernel is new enough for the build.
    var s = document.createElement('script');
    if (!('noModule' in s)) return true;
    if (typeof Promise === 'undefined' || typeof Promise.any !== 'function') return true;
    if (typeof String.prototype.replaceAll !== 'function') return true;
    if (typeof WeakRef !== 'function') return true;
    // Chromium 85 has all of the above: its version number settles it.
    var m = /Chrom(?:e|ium)\/(\d+)\./.exec(navigator.userAgent || '');
    return !!(m && parseInt(m[1], 10) < MIN_CHROMIUM);
  }

  function show(reason, title, lines) {
    if (shown) return;
    shown = true;
    document.documentElement.setAttribute('data-unsupported', reason);
    // the app stays out of sight: what it would show here is at best half a page
    var root = document.getElementById('root');
    if (root && root.parentNode) root.parentNode.removeChild(root);
    var box = document.createElement('div');
    box.id = 'browser-check';
    box.setAttribute('role', 'alert');
    box.setAttribute('data-reason', reason);
    // CSSOM, not a style attribute: the CSP forbids inline styles
    box.style.maxWidth = '40em';
    box.style.margin = '4em auto';
    box.style.padding = '1.5em 2em';
    box.style.border = '1px solid #b3261e';
    box.style.background = '#fff';
    box.style.fontSize = '16px';
    box.style.lineHeight = '1.8';
    box.style.fontFamily = 'sans-serif';
    var h = document.createElement('h1');
    h.style.fontSize = '22px';
    h.style.color = '#b3261e';
    h.appendChild(document.createTextNode(title));
    box.appendChild(h);
    for (var i = 0; i < lines.length; i++) {
      var p = document.createElement('p');
      p.appendChild(document.createTextNode(lines[i]));
      box.appendChild(p);
    }
    document.body.appendChild(box);
  }

  function tooOld() {
    show('browser', '当前浏览器版本过低，无法使用本系统', [
      '本系统需要 Chromium 86 及以上内核的浏览器。',
      '请改用：Chrome 109 及以上（Windows 7 可用的最后版本即 109）、新版 Edge，或 360 安全浏览器、奇安信可信浏览器等国产浏览器的最新版本（使用“极速模式”，不要使用“兼容模式”）。',
      '更换浏览器后重新打开本页面即可。'
    ]);
  }

  function noStorage() {
    show('indexeddb', '浏览器不允许本系统保存数据，无法使用本系统', [
      '本系统把评分数据保存在浏览器内（IndexedDB），当前浏览器禁止了这项功能。',
      '常见原因：在无痕（隐私）窗口中打开，或单位统一配置的浏览器策略禁止网站保存数据。',
      '请在普通窗口中重新打开本页面；如仍出现本提示，请联系本单位信息化管理员，允许本站点保存“Cookie 和网站数据”。'
    ]);
  }

  // Opened from a folder (a USB stick, a double-clicked index.html): browsers load no module scripts
  // and register no service worker from file://, so the app cannot start. Say what to do instead.
  if (location.protocol === 'file:') {
    show('file', '本系统不能直接双击打开，需要通过网址访问', [
      '浏览器不允许从本机文件夹（file://）运行本系统的程序，也无法在这种方式下离线保存本系统。',
      '请使用本单位内网上部署的网址；没有内网时，按同一文件夹中“说明.txt”的步骤运行 serve.py，再用浏览器打开它给出的网址（如 http://127.0.0.1:8080/）。',
      '数据按网址分别保存：以后每次都请使用同一个网址（含端口号）打开。'
    ]);
    return;
  }

  try {
    if (kernelTooOld()) {
      tooOld();
      return;
    }
  } catch (e) {
    tooOld();
    return;
  }

  // A probe database: some profiles hide IndexedDB, others only fail when a database is opened.
  var name = 'zwgk-kaohe-probe';
  try {
    var idb = window.indexedDB;
    if (!idb) {
      noStorage();
      return;
    }
    var req = idb.open(name);
    req.onerror = function () {
      noStorage();
    };
    req.onblocked = function () {};
    req.onsuccess = function () {
      try {
        req.result.close();
        idb.deleteDatabase(name);
      } catch (e) {
        // the probe worked; leaving it behind is harmless
      }
    };
  } catch (e) {
    noStorage();
  }
})();
