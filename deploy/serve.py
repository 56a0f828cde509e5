#!/usr/bin/env python3
"""政务公开年度考核 —— 本机服务（没有内网服务器时使用）。

只需 Python 3.7 及以上（统信 UOS、银河麒麟自带 python3），不需要联网，也不需要管理员权限。
在本文件所在的文件夹（即解压出的系统文件夹）中运行：

    python3 serve.py            （Windows 上为 python serve.py 或 py serve.py）

然后用浏览器打开显示的网址（默认 http://127.0.0.1:8080/）。只有本机能访问。
评分数据按网址保存在浏览器中：以后每次都用同一个端口打开，否则看不到原来的数据。
第一次打开后，即使不运行本程序，浏览器也能离线打开同一网址（由浏览器缓存的离线副本提供）。
"""
import http.server
import os
import sys
import webbrowser

PORTS = [a for a in sys.argv[1:] if a.isdigit()]
PORT = int(PORTS[0]) if PORTS else 8080
ROOT = os.path.dirname(os.path.abspath(__file__))

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; "
    "connect-src 'self'; worker-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'none'; frame-ancestors 'none'"
)


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = dict(
        http.server.SimpleHTTPRequestHandler.extensions_map,
        **{
            ".js": "text/javascript; charset=utf-8",
            ".css": "text/css; charset=utf-8",
            ".html": "text/html; charset=utf-8",
            ".json": "application/json; charset=utf-8",
            ".webmanifest": "application/manifest+json; charset=utf-8",
            ".svg": "image/svg+xml",
            ".png": "image/png",
            ".txt": "text/plain; charset=utf-8",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, directory=ROOT, **kwargs)

    def end_headers(self):
        immutable = self.path.split("?")[0].startswith("/assets/")
        self.send_header("Cache-Control", "public, max-age=31536000, immutable" if immutable else "no-cache")
        self.send_header("Content-Security-Policy", CSP)
        self.send_header("X-Content-Type-Options", "nosniff")
        super().end_headers()

    def log_message(self, format, *args):
        pass  # quiet: the window shows only the address


def main():
    try:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", PORT), Handler)
    except OSError as e:
        print("端口 %d 无法使用（%s）。请关闭占用它的程序，或换一个端口：python3 serve.py 8081" % (PORT, e))
        print("注意：换端口后浏览器中看不到原端口下保存的数据。")
        sys.exit(1)
    url = "http://127.0.0.1:%d/" % PORT
    print("政务公开年度考核已在本机启动：%s" % url)
    print("使用期间请不要关闭本窗口；按 Ctrl+C 停止。")
    if "--no-browser" not in sys.argv:
        webbrowser.open(url)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
