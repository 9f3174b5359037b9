"""repair's gate before the Big5/GBK swaps: the lines it passes by are lines the swaps
leave as they were."""

from __future__ import annotations

from zhnorm import repair
from zhnorm.repair import _looks, _swap_signs, rare_spots, repair_text

from .conftest import SHARED
from .test_repair import _lines_repair_meets


def _lines() -> list[str]:
    lines = _lines_repair_meets()
    for path in sorted((SHARED / "otherlang").glob("*/*.txt")):
        lines += path.read_text(encoding="utf-8").splitlines()
    return lines


def test_the_swap_gate_never_changes_the_output(monkeypatch):
    # every line with a seed for the swaps, repaired with the gate and without it
    lines = [t for t in _lines() if not t.isascii() and _looks(t)[2]]
    assert len(lines) > 2000
    gated = [repair_text(t) for t in lines]
    monkeypatch.setattr(repair, "_swap_signs", lambda text, spots, latin=True: True)
    full = [repair_text(t) for t in lines]
    assert gated == full
    # and it is a gate: most of these lines (the classical text's rare names) go no
    # further (four in five: a seed the swaps' best path could start from, or a short
    # garble they could swap, is rare in clean text), while the garbled ones the swaps
    # repair pass it
    monkeypatch.undo()
    stopped = [t for t in lines if not _swap_signs(t, _looks(t)[2], _looks(t)[0]) and not rare_spots(t)]
    assert len(stopped) > 0.78 * len(lines)
    swapped = [t for t, (_, kinds) in zip(lines, full) if {"big5 as gbk", "gbk as big5"} & set(kinds)]
    assert len(swapped) > 50 and not set(swapped) & set(stopped)


def test_garbles_pass_the_swap_gate():
    for garbled in ("扂蠅腔笢恅竭疑ㄛ踏毞毞げ祥渣﹝", "知笵", "作珇", "皮有翴痢"):
        spots = _looks(garbled)[2]
        assert spots and _swap_signs(garbled, spots), garbled


def test_seeds_the_swaps_leave_alone_are_passed_by():
    # kana of Japanese text and kana the swaps' best path could not start from (no pair
    # real text uses in their other reading), as in the Japanese pages and in Chinese
    # text quoting a Japanese word: most such lines go no further, and those that do are
    # the ones the swaps' own test of a seed (`Swap.likely`) takes
    from zhnorm.swaps import _without_japanese_kana, directions

    lines = [t for t in _lines() if not t.isascii() and "\ufffd" not in t]
    kana = [t for t in lines if (s := _looks(t)[2]) and not any("\u3400" <= t[p] <= "\u9fff" for p in s)]
    passed = [t for t in kana if _swap_signs(t, _looks(t)[2], _looks(t)[0])]
    assert len(kana) > 50 and len(passed) < 0.5 * len(kana)
    for t in passed:
        latin, _, spots = _looks(t)
        found = _without_japanese_kana(t, spots)[0]
        likely = any(swap.likely(t, p) for p in found for swap in directions())
        assert likely or (len(found) <= 2 and found[-1] - found[0] <= 2), t


def test_the_pairs_are_of_characters_the_frequency_table_knows():
    # what lets the gate pass by the other readings it does not know without a search
    from zhnorm.plausibility import bigrams, char_counts

    known = char_counts()
    pairs = list(bigrams())
    assert len(pairs) > 100000
    assert all(a in known and b in known for a, b in pairs)


def _through_stage(lines: list[str]) -> tuple[list[str], dict]:
    from zhnorm.options import Options
    from zhnorm.repair import Repair
    from zhnorm.stage import Line

    stage = Repair(Options())
    out = [line.text for line in stage(Line(t, k) for k, t in enumerate(lines))]
    return out, dict(stage.counts)


def test_the_short_way_for_lone_rare_han_decides_as_the_whole_way(monkeypatch):
    # the stage over every line repair meets (clean and garbled, the other languages'
    # pages too) with the short way for lines whose only suspects are rare Han standing
    # apart (`_lone_rare`), and with every suspect line going the whole way: the same
    # lines out, the same counts
    lines = _lines()
    short = _through_stage(lines)
    monkeypatch.setattr(repair, "_lone_rare", lambda text, flags=0: (False, None))
    whole = _through_stage(lines)
    assert short == whole
    assert sum(whole[1].values()) > 100  # (garbled lines among them, repaired either way)


def test_most_suspect_lines_of_clean_text_take_the_short_way():
    # the classical text's rare names: four in five of the clean lines the scan finds
    # something in (and no rare-run sign: those go the whole way) are passed by on the
    # short way; none of the garbled lines repair changes is
    from garble import cases

    from zhnorm.repair import _lone_rare, suspects

    from .conftest import CORPORA

    clean = []
    for name in ("news-commentary.zh-hans.txt", "clue-news-web.zh-hans.txt", "zuozhuan.zh-hans.txt"):
        clean += (CORPORA / name).read_text(encoding="utf-8").splitlines()
    found = [t for t in clean if suspects().search(t) and not rare_spots(t)]
    assert len(found) > 500
    assert sum(_lone_rare(t)[0] for t in found) > 0.75 * len(found)
    garbled = [t for c in cases(60) for t in c.garbled.split("\n") if repair_text(t)[1]]
    assert len(garbled) > 100 and not any(_lone_rare(t)[0] for t in garbled)
    # and the rare-run sign it asked is the line's
    for t in found + garbled:
        got = _lone_rare(t)[1]
        assert got is None or got == rare_spots(t)


def test_the_one_scan_gate_passes_by_only_lines_no_look_takes():
    # `repair.gate`: a line either script's gate finds nothing in holds no suspect, no
    # rare pair and no seed of the scripts' sign, on every line repair meets and on
    # their Big5/GBK garbles; each passes most lines of its script by (the rest hold
    # rare Han, or are garbles)
    from zhnorm.repair import gate, rare_pairs, suspects
    from zhnorm.swaps import script_only, script_spots

    lines = _lines()
    lines += [t.encode("gbk", "replace").decode("big5hkscs", "replace") for t in lines[:3000]]
    lines += [t.encode("big5hkscs", "replace").decode("gbk", "replace") for t in lines[:3000]]
    passed = [[t for t in lines if gate(script).search(t) is None] for script in (0, 1)]
    for by in passed:
        assert not [t for t in by if suspects().search(t) or rare_pairs().search(t) or script_spots(t)]
    trad, simp = script_only()
    traditional = {t for t in lines if trad.search(t) and not simp.search(t)}
    simplified = {t for t in lines if simp.search(t) and not trad.search(t)}
    assert len(traditional & set(passed[0])) > 0.6 * len(traditional) > 2000
    assert len(simplified & set(passed[1])) > 0.6 * len(simplified) > 2000


def test_the_reference_look_refuses_only_lines_without_a_reference_start():
    # `repair._may_reference`, which keeps `entities.decode` from lines its QUICK pattern
    # finds nothing in: false only where the pattern finds nothing, over every line
    # repair meets holding a '&' or a '#' and the forms references take
    from zhnorm.entities import QUICK, decode

    lines = [t for t in _lines() if "&" in t or "#" in t]
    lines += ["&nbsp;", "a & b", "R&D", "#x4e2d;", "# 标题", "第#1", "&#12290;", "x&", "#", "&" * 20 + "&amp;",
              "#" * 17 + "#x4e2d;", "C# 与 F#", "&&#", "价格 & 数量 # 号"]
    assert len(lines) > 40
    for t in lines:
        may = repair._may_reference(t)
        assert may or QUICK.search(t) is None, t
        if not may:
            assert decode(t) == (t, 0)
    assert [repair._may_reference(t) for t in ("a & b", "R&D", "C# 与 F#", "&nbsp;", "第#1")] == [False, True, False, True, True]


def test_the_japanese_look_finds_what_the_swaps_find():
    # `swaps.SCRIPT_RUN` (led by one class, for speed) and the plain alternation it stands
    # for: the same runs, so `swaps.japanese` the same answer, on every line repair meets
    # with kana, on their Big5 read as GBK (kana at random) and on the forms the runs take
    import re

    from zhnorm.swaps import SCRIPT_RUN, japanese

    plain = re.compile("[\u3041-\u309f]{3,}|[\u30a0-\u30ff]{3,}")

    def japanese_plain(t):
        for m in plain.finditer(t):
            w = m.group()
            if w[0] <= "\u309f":
                if any(c in "のはがをにでてたするしとな" for c in w) and not any(c in "ぁぃぅぇぉゐゑゎ" for c in w):
                    return True
            elif not any(c in "ヰヱヮヵヶ" for c in w):
                return True
        return False

    lines = [t for t in _lines() if any("\u3040" <= c <= "\u30ff" for c in t)]
    lines += [t.encode("big5hkscs", "replace").decode("gbk", "replace") for t in _lines()[:3000]]
    lines += ["超かわいい！", "のの", "カタカナ", "ゲーム", "ぁぁぁの", "あいうえおカキク", "ヵヶヵ", "3る7ら", "かカかカかカ", "のはがカー"]
    kana = [t for t in lines if any("\u3040" <= c <= "\u30ff" for c in t)]
    assert len(kana) > 1000
    assert sum(map(japanese, kana)) > 50
    for t in kana:
        assert japanese_plain(t) == japanese(t), t
        assert [m.span() for m in plain.finditer(t)] == [m.span() for m in SCRIPT_RUN.finditer(t)], t


def test_the_suspects_kept_are_the_scan_of_the_same_text():
    # `repair._suspects_in`: the matches of `suspects` in the text asked, kept only for
    # that very text (another text of the same length, or the same characters in another
    # object, is scanned again)
    from zhnorm.repair import _suspects_in, suspects

    for t in ["中文かな", "中文カナ", "Ã©中", "乾隆" * 10, "x" * (repair.KEEP_SCAN + 1) + "β"]:
        for _ in range(2):
            assert list(_suspects_in(t)) == [(m.start(), m.group()) for m in suspects().finditer(t)]
    a = "珣" + "的" * 5
    b = "".join(["的" * 5, "珣"])
    assert list(_suspects_in(a)) == [(0, "珣")] and list(_suspects_in(b)) == [(5, "珣")]
