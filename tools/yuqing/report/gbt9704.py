"""The page of GB/T 9704-2012 (党政机关公文格式) as numbers: paper, margins, type, grid.

One place for the measures the template maker writes and the tests read back.
"""

from __future__ import annotations

import math

PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297  # A4
TOP_MM, LEFT_MM = 37, 28  # 天头, 订口
BODY_WIDTH_MM, BODY_HEIGHT_MM = 156, 225  # 版心
RIGHT_MM = PAGE_WIDTH_MM - LEFT_MM - BODY_WIDTH_MM  # 26
BOTTOM_MM = PAGE_HEIGHT_MM - TOP_MM - BODY_HEIGHT_MM  # 35
HEADER_MM = 15  # from the page's top edge to the header (empty)
FOOTER_MM = 22  # the page number sits about 7 mm below the 版心 (7.5)

LINES, CHARS = 22, 28  # 每面 22 行，每行 28 个字
BODY_PT = 16  # 3号
TITLE_PT = 22  # 2号
NOTE_PT = 14  # 4号: 版记, page number

#: Line pitch in points: the fixed line spacing of every paragraph (22 lines fill the 225 mm 版心).
LINE_PITCH_PT = 28.95
#: The same in twentieths of a point, for w:docGrid/@w:linePitch and w:spacing/@w:line.
LINE_PITCH_TWIPS = round(LINE_PITCH_PT * 20)  # 579

MM_PT = 72 / 25.4


def char_spacing() -> int:
    """The character spacing of body text (w:spacing/@w:val on the run properties), in twentieths of
    a point: 28 characters of 3号 (16 pt) are 448 pt, the 156 mm line 442.2 pt, so each character
    gives up a little (−0.25 pt) and 28 fit. Set explicitly rather than as Word's character grid
    (w:docGrid linesAndChars with a negative charSpace), which LibreOffice lays out with far wider
    characters."""
    pitch = BODY_WIDTH_MM * MM_PT / CHARS
    return math.floor((pitch - BODY_PT) * 20)


# Font names as Word and WPS know them on a government computer; the fallback (w:altName) is what
# a computer without the GB2312 fonts uses instead.
FANGSONG = "仿宋_GB2312"
FANGSONG_FALLBACK = "仿宋"
TITLE_FONT = "方正小标宋简体"
TITLE_FALLBACK = "宋体"
HEITI = "黑体"
SONGTI = "宋体"

FONTS = {FANGSONG: FANGSONG_FALLBACK, TITLE_FONT: TITLE_FALLBACK, HEITI: "SimHei", SONGTI: "SimSun",
         FANGSONG_FALLBACK: "FangSong"}
