"""The ways repair's cost on clean text is kept down decide as the slow ways do."""

from __future__ import annotations

from zhnorm.swaps import BIG5_VARIANTS, VARIANT_LEADS, variant_chars


def test_the_big5_variants_characters_listed_are_those_read_a_pair_at_a_time():
    # data/variant_chars.txt (scripts/build_swap_gains.py reads the codecs in one call)
    chars = set()
    for a in VARIANT_LEADS:
        for b in range(0x40, 0xFF):
            raw = bytes((a, b))
            seen = {raw.decode(v, errors="replace") for v in BIG5_VARIANTS}
            if len(seen) > 1:
                chars |= {c for c in seen if len(c) == 1 and c != "\ufffd"}
                g = raw.decode("gbk", errors="replace")
                if len(g) == 1 and g != "\ufffd":
                    chars.add(g)
    assert len(chars) > 500
    assert variant_chars() == frozenset(chars)


def test_the_gb18030_bytes_made_in_one_call_are_those_made_a_character_at_a_time():
    from array import array
    from itertools import accumulate

    from zhnorm.repair import _encoded, _gb_encoded, _gbk_bytes

    from .test_repair import _lines_repair_meets

    lines = _lines_repair_meets() + ["a\U00020000b中", "中\udc80x", "€中", "𫔰中1", "中文", "abc", ""]
    fast = 0
    for t in lines:
        bounds = array("i", [0])
        bounds.extend(accumulate(map(len, map(_gbk_bytes, t))))
        assert _encoded(t, _gbk_bytes) == (b"".join(map(_gbk_bytes, t)), bounds), t
        fast += _gb_encoded(t) is not None
    assert fast > 0.9 * len(lines)


def test_the_utf8_run_starts_are_the_codecs():
    # `utf8_starts`, compiled from data/gate_classes.tsv's bitmap: every character whose
    # GB18030 bytes are a UTF-8 lead of three or four and a continuation, and the signs Chinese
    # text uses as GB18030 reads their UTF-8 bytes (路 for ·), and no other
    from zhnorm.repair import CHINESE_USES, utf8_starts

    chars = set()
    for lead in range(0xE0, 0xF5):
        for trail in range(0x80, 0xC0):
            c = bytes((lead, trail)).decode("gb18030", errors="replace")
            if len(c) == 1 and c != "\ufffd":
                chars.add(c)
    for sign in CHINESE_USES:
        chars.add(sign.encode().decode("gb18030", errors="replace"))
    assert len(chars) > 1000
    found = {chr(o) for o in range(0x110000) if not 0xD800 <= o <= 0xDFFF and utf8_starts().match(chr(o))}
    assert found == chars


def test_the_pairs_stretches_are_found_as_the_strings_bisection_finds_them():
    # `plausibility.stretch` bisects the first characters' code points: the same range
    # as bisection in the string, for every first character, and for what is none
    from bisect import bisect_left, bisect_right

    from zhnorm.plausibility import bigrams, pair_model

    for firsts, seconds, look in ((bigrams()._firsts, bigrams()._seconds, lambda a: bigrams().after(a)),
                                  (pair_model().firsts, pair_model().seconds, lambda a: pair_model().group(a)[0])):
        for a in sorted(set(firsts)) + ["", "a", "中国", "\U00020000", "\uffff", chr(0x3400)]:
            lo = bisect_left(firsts, a)
            assert look(a) == seconds[lo : bisect_right(firsts, a, lo)], a


def test_the_short_garble_sign_decides_as_piece_by_piece():
    # `_lone_signs` asks each pair once for all the pieces that hold it: the same answer
    # as trying every piece in every direction, on windows of every line repair meets
    # and of their Big5/GBK garbles around each of their characters
    from zhnorm.repair import LONE_SPAN, _directions, _follows, _known_one, _lone_signs

    from .test_repair import _lines_repair_meets

    def by_pieces(text: str, spots: tuple[int, ...]) -> bool:
        n = len(text)
        first, last = spots[0], spots[-1]
        lo, hi = max(0, last - LONE_SPAN + 1), min(n, first + LONE_SPAN)
        han = lambda c: "\u3400" <= c <= "\u9fff"  # noqa: E731
        for swap in _directions():
            alts = [_known_one(swap.alt(c)) for c in text[lo:hi]]
            for i in range(lo, first + 1):
                for j in range(last + 1, min(n, i + LONE_SPAN) + 1):
                    new = alts[i - lo : j - lo]
                    if None in new:
                        continue
                    left, right = (text[i - 1] if i else ""), (text[j] if j < n else "")
                    if j - i > 1 and han(left) and han(right):
                        continue
                    chars = [left, *new, right]
                    if any(x and y and han(x) and han(y) and y in _follows(x) for x, y in zip(chars, chars[1:])):
                        return True
        return False

    lines = _lines_repair_meets()[::7]
    lines += [t.encode("gbk", "replace").decode("big5hkscs", "replace") for t in lines[:1500]]
    lines += [t.encode("big5hkscs", "replace").decode("gbk", "replace") for t in lines[:1500]]
    windows = set()
    for t in lines:
        for p in range(0, len(t), 5):
            for spots in ((p,), (p, p + 1), (p, p + 2)):
                if spots[-1] < len(t):
                    lo = max(0, spots[-1] - LONE_SPAN)
                    windows.add((t[lo : p + LONE_SPAN + 1], tuple(q - lo for q in spots)))
    differ = [w for w in windows if _lone_signs.__wrapped__(*w) != by_pieces(*w)]
    assert differ == []
    assert len(windows) > 50000 and sum(_lone_signs(*w) for w in windows) > 1000


def test_the_utf8_walls_are_the_codecs():
    # `utf8_walls`: every character of two GB18030 bytes whose first byte no UTF-8 holds
    # (C0, C1, F5-FE), and none of them after a character whose last byte is F0-F4
    from zhnorm.repair import utf8_walls

    walls, four = set(), set()
    for o in range(0x80, 0x10000):
        if 0xD800 <= o <= 0xDFFF:
            continue
        b = chr(o).encode("gb18030")
        if len(b) == 2 and b[0] in (0xC0, 0xC1, *range(0xF5, 0xFF)):
            walls.add(chr(o))
        if len(b) == 2 and 0xF0 <= b[1] <= 0xF4:
            four.add(chr(o))
    assert len(walls) > 2000 and len(four) > 500
    found = {chr(o) for o in range(0x110000) if not 0xD800 <= o <= 0xDFFF and utf8_walls().match(chr(o))}
    assert found == walls
    assert not any(utf8_walls().match(f + w, 1) for f in sorted(four)[::7] for w in sorted(walls)[::50])
    assert all(utf8_walls().match(x + w, 1) for x in ("a", "中", "\ufffd") for w in sorted(walls)[::50])


def test_a_long_lines_runs_are_found_in_its_pieces_as_in_the_whole_line():
    # `fix_utf8_runs` on a long line reads only the pieces between two walls that hold a
    # character its look found (`_utf8_runs_near`): the same output as the whole line's
    # runs, on the lines repair meets, on long lines made of them and on lines of garbles
    # (some with bytes dropped) around walls and the characters before which a wall is none
    import random

    from zhnorm import repair
    from zhnorm.repair import _utf8_runs, _utf8_runs_near, fix_utf8_runs, utf8_start_at_char, utf8_walls

    from .test_repair import _lines_repair_meets

    r = random.Random(18)
    lines = _lines_repair_meets()
    garbled = [t for t in lines if utf8_start_at_char().search(t)]
    walls = [chr(o) for o in range(0x4E00, 0xA000) if utf8_walls().match(chr(o))]
    four = [c for c in (bytes((a, b)).decode("gb18030", "ignore") for a in range(0x81, 0xFF) for b in range(0xF0, 0xF5)) if len(c) == 1]
    made = []
    for _ in range(400):
        parts = []
        for _ in range(r.randint(2, 30)):
            x = r.random()
            if x < 0.4:
                g = r.choice(garbled)
                a = r.randrange(len(g))
                parts.append(g[a : a + r.randint(1, 60)])
            elif x < 0.55:
                g = r.choice(lines).encode()[: r.randint(3, 40)].decode("gbk", errors="replace")
                parts.append(g.replace("\ufffd", "") if r.random() < 0.4 else g)
            elif x < 0.85:
                parts.append("".join(r.choice(walls + four) for _ in range(r.randint(1, 4))))
            else:
                parts.append(r.choice(["\ufffd", "\u20ac", "abc ", "·", "\udc80", "樉", "𠀀"]))
        made.append("".join(parts))
    made += [" ".join(r.sample(lines, 40)) for _ in range(100)]
    repaired = 0
    for t in garbled + made:
        assert _utf8_runs_near(t, range(len(t))) == _utf8_runs(t), t
    saved = repair.WALLED
    try:
        for t in lines + made:
            repair.WALLED = 0  # every line read in pieces
            got = fix_utf8_runs(t)
            repair.WALLED = 10**9  # every line read whole
            assert got == fix_utf8_runs(t), t
            repaired += got[1] > 0
    finally:
        repair.WALLED = saved
    assert repaired > 100


def test_the_latin_stretches_passed_by_hold_no_run_the_fixers_take():
    # `_in_stretches` passes by a stretch without a character every run its caller takes
    # holds: a letter of `_garble_letter` (`fix_gbk_runs`), a UTF-8 lead (`fix_utf8_runs`
    # of Latin-1): both decide as when every stretch is read, on the lines repair meets
    # and on Chinese text's quotes, dashes and dots beside garbles of both kinds
    from zhnorm import repair
    from zhnorm.repair import fix_gbk_runs, fix_utf8_runs, repair_text

    from .test_repair import _lines_repair_meets

    garbles = ["ÎÒÃÇ µÄ ÖÐÎÄ", "中文".encode().decode("cp1252"), "ä¸\xadæ–‡", "Ã¤Â¸Â­", "Ö\ufffdÎÄ"]
    signs = ["“好的”", "……", "——", "·", "‘", "™", "30°C", " "]
    made = [a + b + c for a in signs for b in garbles for c in signs]
    lines = [t for t in _lines_repair_meets() + made if repair._latin_stretch().search(t)]
    quick = [(fix_gbk_runs(t), fix_utf8_runs(t, latin=True)) for t in lines]
    every = repair._in_stretches
    try:
        repair._in_stretches = lambda text, runs, needs=None: every(text, runs)
        assert quick == [(fix_gbk_runs(t), fix_utf8_runs(t, latin=True)) for t in lines]
    finally:
        repair._in_stretches = every
    assert sum(g[1] > 0 for g, _ in quick) > 100 and sum(u[1] > 0 for _, u in quick) > 100
    assert fix_gbk_runs("他说“好的”……ÎÒÃÇ µÄ ÖÐÎÄ。") == ("他说“好的”……ÎÒÃÇ 的 中文。", 1)
    assert repair_text("他说“好的”……ÎÒÃÇ µÄ ÖÐÎÄ。") == ("他说“好的”……我们 的 中文。", ["gbk as latin-1"] * 2)
    assert fix_utf8_runs("我们的“中文”—— ä¸\xadæ–‡ 网站", latin=True) == ("我们的“中文”—— 中文 网站", 1)


def test_the_wall_before_a_spot_is_the_last_one_the_whole_scan_finds():
    # `_wall_before` looks back from the spot a stretch at a time: the same wall as the
    # scan from the start, on the lines repair meets and on lines of walls, the characters
    # before which a wall is none, and Han between them at every distance
    import random

    from zhnorm.repair import _wall_before, utf8_walls

    from .test_repair import _lines_repair_meets

    walls = utf8_walls()
    wall = [chr(o) for o in range(0x4E00, 0xA000) if walls.match(chr(o))]
    four = [c for c in (bytes((a, b)).decode("gb18030", "ignore") for a in range(0x81, 0xFF) for b in range(0xF0, 0xF5)) if len(c) == 1]
    r = random.Random(18)
    lines = [t for t in _lines_repair_meets() if walls.search(t)][:3000]
    lines += ["".join(r.choice(wall + four) if r.random() < 0.02 else "中" for _ in range(r.randint(1, 3000))) for _ in range(200)]
    found = 0
    for t in lines:
        for _ in range(5):
            p = r.randrange(len(t) + 1)
            lo = r.randrange(p + 1)
            whole = lo
            for w in walls.finditer(t, lo, p):
                whole = w.start()
            assert _wall_before(walls, t, lo, p) == whole, (t, lo, p)
            found += whole > lo
    assert found > 500


def test_the_lost_pairs_read_are_those_the_pattern_finds_with_an_odd_character():
    # `_lost_pairs_at_odd` asks `lost_pair_run` only at the unknown Han `suspects` finds:
    # the same matches as the whole line's that hold one, on the lines repair meets and
    # on lines of two characters alone, known and unknown, beside 烫屯锟 and Han
    import random

    from zhnorm.chars import chinese_odd
    from zhnorm.repair import _lost_pairs_at_odd, fix_lost_pair, lost_pair_run

    from .test_repair import _lines_repair_meets

    pattern = lost_pair_run()
    firsts = [c for c in map(chr, range(0x3400, 0xA000)) if pattern.match(" " + c + "枃 ", 1) is not None]
    seconds = [c for c in map(chr, range(0x3400, 0xA000)) if pattern.match(" 涓" + c + " ", 1) is not None]
    r = random.Random(12)
    made = []
    for _ in range(3000):
        parts = [r.choice(firsts) + r.choice(seconds) if r.random() < 0.5 else r.choice(["烫", "屯", "锟", "中", "，", "a", " ", "樉", "文"]) for _ in range(r.randint(1, 12))]
        made.append("".join(parts))
    taken = 0
    for t in _lines_repair_meets() + made:
        want = [m.span() for m in pattern.finditer(t) if any(map(chinese_odd, m.group()))]
        assert [m.span() for m in _lost_pairs_at_odd(t)] == want, t
        taken += len(want)
    assert taken > 400
    assert fix_lost_pair("a涓枃b") == ("a中文b", 1)
