"""Server memory for the largest XLSX the limits admit: the API's batch against the naive pandas way.

Run: python -m bench.bench_batch_memory [ROWS] [--screen]   (prints numbers; not a test; default 199,999 rows)

The sheet is ROWS rows of ten columns of mostly distinct text (addresses, names, phones, e-mails):
2,000,000 cells at the default, the MAX_CELLS limit. It is written twice: with inline strings (as
openpyxl writes) and with a shared-string table (as Excel writes, which openpyxl reads whole).
For each, three fresh processes in the same run:
- server: `python -m geo serve`, warmed with one check, then the file POSTed to /api/v1/batch;
  its resting and peak resident set (VmRSS, VmHWM from /proc);
- ours: the same steps in one process (read_table, checked_slices, write_slices_to to a file);
- naive: pandas' read_excel, check_table on the whole table, to_csv of the whole into memory.
And once through the batch screen in headless Chromium (`--screen`): the server's resting memory on
the batch page, its peak once the file is uploaded, read, checked and shown, and after a CSV download.
"""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PORT = 8617

_STEPS = """
import sys, time
from geo.cli import _checker
checker = _checker(None); checker.check("深圳")
resting = [int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmRSS')][0]
open('/proc/self/clear_refs', 'w').write('5')
start = time.perf_counter()
{body}
peak = [int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM')][0]
print(resting // 1024, peak // 1024, round(time.perf_counter() - start, 1))
"""
OURS = """
from geo.batch import read_table, find_location_columns, checked_slices, write_slices_to
table = read_table(sys.argv[1])
with open(sys.argv[2], "wb") as out:
    write_slices_to(checked_slices(checker, table, find_location_columns(table, checker)), "csv", out)
"""
NAIVE = """
import pandas as pd
from geo.batch import check_table, find_location_columns
table = pd.read_excel(sys.argv[1], dtype=str, keep_default_na=False)
body = check_table(checker, table, find_location_columns(table, checker)).to_csv(index=False).encode("utf-8-sig")
open(sys.argv[2], "wb").write(body)
"""

_CITIES = ["深圳市南山区", "广州市天河区", "北京市朝阳区", "上海市浦东新区", "成都市武侯区", "杭州市西湖区"]
_CITIES += ["拉萨市城关区", "福州市鼓楼区", "Gulou District", "Minhang District, Shanghai"]


def inline_workbook(rows: int, path: Path) -> None:
    import openpyxl

    rng = random.Random(7)
    roads = "中山人民解放建设和平新华胜利文化长江黄河东风朝阳"
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["编号", "客户", "地址", "联系人", "电话", "邮箱", "类型", "备注", "日期", "金额"])
    for i in range(rows):
        road = rng.choice(roads) + rng.choice(roads)
        sheet.append(
            [
                f"S{i:06d}",
                f"客户{rng.randrange(10**6)}有限公司",
                f"{rng.choice(_CITIES)}{road}路{rng.randrange(1, 999)}号",
                f"张{rng.randrange(1000)}",
                f"13{rng.randrange(10**9):09d}",
                f"user{i}@example.com",
                rng.choice(["IDC", "CDN", "ISP", "VPN"]),
                f"备注{rng.randrange(10**5)}",
                f"2026-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}",
                rng.randrange(10**6) / 100,
            ]
        )
    book.save(path)


_INLINE = re.compile(rb'<c r="([A-Z]+\d+)" t="inlineStr"><is><t>([^<]*)</t></is></c>')


def shared_strings_workbook(inline: Path, path: Path) -> None:
    """The same cells with Excel's shared-string table in place of inline strings."""
    strings: dict[bytes, int] = {}

    def shared(match: re.Match[bytes]) -> bytes:
        index = strings.setdefault(match.group(2), len(strings))
        return b'<c r="%s" t="s"><v>%d</v></c>' % (match.group(1), index)

    with zipfile.ZipFile(inline) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = _INLINE.sub(shared, data)
            elif item.filename == "[Content_Types].xml":
                part = b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
                data = data.replace(b"</Types>", part + b"</Types>")
            elif item.filename == "xl/_rels/workbook.xml.rels":
                rel = b'<Relationship Id="rIdSst" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
                data = data.replace(b"</Relationships>", rel + b"</Relationships>")
            target.writestr(item.filename, data)
        table = b"".join(b"<si><t>%s</t></si>" % s for s in strings)
        head = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">'
        target.writestr("xl/sharedStrings.xml", head % (len(strings), len(strings)) + table + b"</sst>")


def in_process(body: str, source: Path) -> tuple[int, int, float]:
    with tempfile.NamedTemporaryFile(suffix=".csv") as out:
        proc = subprocess.run(
            [sys.executable, "-c", _STEPS.format(body=body), str(source), out.name],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
    resting, peak, seconds = proc.stdout.split()
    return int(resting), int(peak), float(seconds)


def _status(pid: int, key: str) -> int:
    return next(int(line.split()[1]) for line in open(f"/proc/{pid}/status") if line.startswith(key)) // 1024


def server(source: Path) -> tuple[int, int, float, int]:
    """Resting and peak MB of `python -m geo serve` answering one batch of `source`; seconds; the answer's size."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "geo", "serve", "--port", str(PORT)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(180):
            try:
                urllib.request.urlopen(f"http://localhost:{PORT}/api/v1/check?q=%E6%B7%B1%E5%9C%B3", timeout=60).read()
                break
            except OSError:
                time.sleep(1)
        resting = _status(proc.pid, "VmRSS")
        Path(f"/proc/{proc.pid}/clear_refs").write_text("5")
        boundary = uuid.uuid4().hex
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{source.name}"\r\n\r\n'
        body = head.encode() + source.read_bytes() + f"\r\n--{boundary}--\r\n".encode()
        request = urllib.request.Request(
            f"http://localhost:{PORT}/api/v1/batch",
            data=body,
            headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
        )
        start = time.perf_counter()
        with urllib.request.urlopen(request, timeout=1800) as response:
            size = len(response.read())
        return resting, _status(proc.pid, "VmHWM"), round(time.perf_counter() - start, 1), size
    finally:
        proc.terminate()
        proc.wait()


def screen(source: Path) -> tuple[int, int, int, float]:
    """Resting MB of the served dashboard on the batch page, its peak through the upload and answer, and after a
    CSV download of every row; seconds from upload to answer."""
    from selenium.webdriver.common.by import By

    from tests.browser.harness import _wait_until, app_server, chromium, free_port, wait_idle

    buttons = "[data-testid='stDownloadButton'] button"
    port = free_port()
    with tempfile.TemporaryDirectory() as downloads, app_server(port) as app, chromium() as driver:
        driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": downloads})
        driver.get(f"http://127.0.0.1:{port}/batch")
        wait_idle(driver)
        resting = _status(app.pid, "VmRSS")
        Path(f"/proc/{app.pid}/clear_refs").write_text("5")
        start = time.perf_counter()
        driver.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(str(source))
        _wait_until(lambda: driver.find_elements(By.CSS_SELECTOR, buttons), 900, "the batch screen's answer", poll=1)
        wait_idle(driver, 900)
        seconds = round(time.perf_counter() - start, 1)
        answered = _status(app.pid, "VmHWM")
        driver.find_elements(By.CSS_SELECTOR, buttons)[0].click()  # every row, as CSV
        _wait_until(lambda: list(Path(downloads).glob("*.csv")), 900, "the CSV download", poll=1)
        return resting, answered, _status(app.pid, "VmHWM"), seconds


def main(rows: int = 199_999) -> None:
    with tempfile.TemporaryDirectory() as folder:
        inline, shared = Path(folder, "inline.xlsx"), Path(folder, "shared.xlsx")
        inline_workbook(rows, inline)
        shared_strings_workbook(inline, shared)
        for source in (inline, shared):
            mb = source.stat().st_size / 2**20
            print(f"{source.name}: {rows:,} rows x 10 columns, {mb:.1f} MB")
            resting, peak, seconds, size = server(source)
            print(f"  server   resting {resting} MB, peak {peak} MB, {seconds} s, answer {size / 2**20:.0f} MB")
            ours = in_process(OURS, source)
            naive = in_process(NAIVE, source)
            for name, (rest, top, took) in (("ours", ours), ("naive", naive)):
                print(f"  {name:<8} resting {rest} MB, peak {top} MB (+{top - rest} MB), {took} s")
            ratio = (naive[1] - naive[0]) / max(ours[1] - ours[0], 1)
            print(f"  the batch's own memory, naive / ours: {ratio:.1f}x")
            if "--screen" in sys.argv:
                rest, answered, downloaded, took = screen(source)
                print(
                    f"  screen   resting {rest} MB, peak {answered} MB answered ({took} s), {downloaded} MB after CSV"
                )


if __name__ == "__main__":
    counts = [a for a in sys.argv[1:] if a.isdigit()]
    main(int(counts[0]) if counts else 199_999)
