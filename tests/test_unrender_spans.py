"""unrender: damaged spans after a phantom flattened mark, through the command."""

from __future__ import annotations

import math
import sys

import pytest

from zhnorm.damage import Page

from .conftest import ROOT, run_cli

sys.path.insert(0, str(ROOT / "evaluation"))

from site_sim import SWALLOW, SWALLOW_MORE, Site  # noqa: E402


def unrendered(page: str) -> tuple[str, str]:
    got = run_cli("--skip", "clean", "--skip", "tidy", "--explain", input=page.encode("utf-8"))
    return got.stdout.decode("utf-8"), got.stderr.decode("utf-8")


#: (share of the page annotated, the text, the page the simulator shows, what the command
#: writes, the report of a span left or None where none may be left), named for what it shows
RUNS = [
    pytest.param(
        # 危害 = CEA3 BAA6: the phantom A3BA is '：', flattened to ':'; 害's trail byte A6 makes
        # no character with 這's lead byte DF and shows as '?'. 危 is known by its trail byte
        # only and 害 by its lead byte only: nothing is known for sure, the span is reported
        0.0,
        "那些试图危害这个世界的人。",
        "那些試圖?:?這個世界的人。",
        "那些试图?:?这个世界的人。\n",
        "damaged span left as it is: '?:': no clear best: '。?' or '危害'",
        id="a_lone_trail_byte_after_a_flattened_mark_is_read_and_an_unclear_span_reported",
    ),
    pytest.param(
        # 店, = B5EA 2C: out of step, B5 before ',' shows as '?'. 店 is known by its lead byte
        # only; the models know that 店 goes before '，', and the page shows ','
        0.0,
        "这是一家非常好的酒店，早餐也不错。",
        "這是一家非?:玫木频?,早餐也不錯。",
        "这是一家非常好的酒店,早餐也不错。\n",
        None,
        id="a_flattened_mark_after_a_lone_byte_is_the_full_width_mark_the_model_knows",
    ),
    pytest.param(
        # 好吃哦~ = BAC3 B3D4 C5B6 7E: out of step, B6 7E shows as 秪, and in step 7E is '~'
        # again: the run ends there, and 圓 after it was never out of step. 常 is known by its
        # trail byte only (A3, before the phantom '：'); running text tells 非常 from 非。
        0.0,
        "很软的豆沙在里面，非常好吃哦~圆的那种很好吃。",
        "很軟的豆沙在裏面,非?:脝伺秪圓的那種很好喫。",
        "很软的豆沙在里面,非常好吃哦~圆的那种很好吃。\n",
        None,
        id="an_ascii_byte_shown_as_a_trail_byte_brings_the_run_back_in_step",
    ),
    pytest.param(
        # 海海峽 = BAA3 BAA3 8D7B: out of step, A3BA is the phantom '：', A3 8D falls in a
        # user-defined area and is dropped, and 峽's trail byte 7B shows as '{'. BA 7B is a
        # character too, but it does not read with 的; 海峽 does. The first 海 is known by
        # its trail byte only and stays '?'
        0.0,
        "他们控制了黑海海峡的航道",
        "他們控制了黑?:{的航道",
        "他们控制了黑?海峡的航道\n",
        "damaged span left as it is: '?:': its first character is known by one byte only and stays '?'",
        id="a_pair_dropped_before_a_letter_that_reads_with_the_pending_byte_too",
    ),
    pytest.param(
        # 。可惜不應該 = A1A3 BFC9 CFA7 B2BB 91AA D493, then 該's annotation: the phantom A3BF is
        # '？', flattened to '?'; out of step, AA D4 (應's trail, 該's lead) is a user-defined
        # pair the page drops, and 該's trail byte 93 takes the '(' of `(gāi)` with it. The
        # character read gāi is made of the dropped pair's second byte and the lost one
        0.5,
        "饭菜还算入味。可惜不应该要这么贵。",
        "飯菜還算入味??上Р粦?gāi)要這麼貴(guì)。",
        "饭菜还算入味。可惜不应该要这么贵。\n",
        None,
        id="a_pair_dropped_before_a_trail_byte_that_took_the_annotations_paren",
    ),
    pytest.param(
        # 非常好， = B7C7 B3A3 BAC3 A3AC: 常 is known by its trail byte, 好 by its lead byte BA
        # only. 好 makes no word of the list with 非常, and by their pairs 好, 后 and 和 are
        # close: the span is left as it is, and reported
        0.0,
        "服务员态度非常好，服务也不错。",
        "服務員態度非?:?,服務也不錯。",
        "服务员态度非?:?,服务也不错。\n",
        "damaged span left as it is: '?:': the best reading '常?' knows no character by both its bytes",
        id="a_character_known_by_its_lead_byte_that_makes_no_word_stays_unread",
    ),
    pytest.param(
        # 雪弗龍 = D1A9 B8A5 FD88 (a name the word list does not hold): out of step, 弗's trail
        # byte A5 makes no character with 龍's lead byte FD and shows as '?'. Eight characters
        # of lead byte B8 make none with FD either (弗 one of them), and any of them may have
        # swallowed a comma; 雪糕 is a word, and with it 糕， takes 0.91 of the weight: not
        # enough for a character known by one byte, and the '?' stays
        0.0,
        "几十年来，包括壳牌、埃克森美孚和雪弗龙在内的各大石油公司一直在尼日尔三角洲开采石油。 尼日尔三角洲是一个拥有淡水沼泽森林",
        "幾十年來,包括殼牌、??松梨诤脱└?龍在內的各大石油公司一直在尼日爾三角洲開採石油。 尼日爾三角洲是一個擁有淡水沼澤森林",
        "几十年来,包括壳牌、埃克森美孚和雪?龙在内的各大石油公司一直在尼日尔三角洲开采石油。 尼日尔三角洲是一个拥有淡水沼泽森林\n",
        "damaged span left as it is: '??': a character known by one byte only stays '?' ('埃克森美孚和雪?')",
        id="a_word_its_neighbours_would_make_does_not_decide_a_close_call",
    ),
    pytest.param(
        # 錯。花了 = E565 A1A3 BBA8 C1CB: the phantom A3BB is '；', flattened to ';'; 。 is known
        # by its trail byte A3 only, and 花 by its lead byte BB only (A8 makes no character with
        # 了's lead byte C1 and shows as '?'). Running text ends a sentence after 不錯 far more
        # often than a word list says 錯 ends a word, so 。 holds the first place, and 花了
        # the second (damage.SENTENCE_SHARE; with the text's usual share, 0.35, the span was left)
        0.0,
        "这家店的菜品不错。花了不少钱，但是值得。",
        "這家店的菜品不錯?;?了不少錢,但是值得。",
        "这家店的菜品不错。花了不少钱,但是值得。\n",
        None,
        id="a_sentence_end_before_a_lost_byte_is_read_by_the_running_text",
    ),
    pytest.param(
        # 津。河對 = BDF2 A1A3 BAD3 8CA6: the phantom A3BA is '：', flattened to ':'; the run after
        # it reads 河對面就是老城區 in step, and its first character is known by the trail byte A3
        # only: 天津。河對面 and 天津海河對面 (海河 is Tianjin's river) both read well, so it stays '?'
        0.0,
        "我们住在天津。河对面就是老城区。",
        "我們住在天津?:訉γ婢褪抢铣菂^。",
        "我们住在天津?河对面就是老城区。\n",
        "damaged span left as it is: '?:': its first character is known by one byte only and stays '?' (the best: '。河對面就是老城區' or '海河對面就是老城區')",
        id="a_sentence_end_the_text_cannot_tell_from_a_character_stays_a_question_mark",
    ),
    pytest.param(
        # 經常看到 = BEAD B3A3 BFB4 B5BD: the phantom A3BF is '？', flattened to '?'; the run
        # after it reads 看到一個 in step, and its first character is known by the trail byte
        # A3 only: 經常 against 經。, the Han character holding 0.85 of the weight, under
        # CONFIDENCE but over FIRST_HAN_CONFIDENCE
        0.0,
        "我们经常看到一个老人在门口坐着。",
        "我們經??吹揭粋€老人在門口坐著。",
        "我们经常看到一个老人在门口坐着。\n",
        None,
        id="a_han_character_known_by_its_trail_byte_is_read_at_a_lower_margin_than_a_mark",
    ),
    pytest.param(
        # 富裕和 = B8BB D4A3 BACD: the phantom A3BA is '：'; 裕 against 。 (最富。和), 0.61 of
        # the weight: read
        0.0,
        "这里是世界上最富裕和最贫穷的国家都有的地方。",
        "這裏是世界上最富?:妥钬毟F的國家都有的地方。",
        "这里是世界上最富裕和最贫穷的国家都有的地方。\n",
        None,
        id="a_han_character_a_sentence_end_competes_with_is_read_when_the_rest_is_clear",
    ),
    pytest.param(
        # 環保、公共服務 = ADB7 B1A3 A1A2 B9AB B9B2 B7FE 84D5: the phantom A3A1 is '！'; out of
        # step AB B9 is a user-defined pair the page drops, and 服's trail byte FE shows as
        # '?' before 務's 84. The rest's best reading, 、共服, is read without the dropped 公
        # and with 服 guessed from its lead byte: a reading that holds a character known by
        # one byte already keeps CONFIDENCE for its first one (保 holds 0.86), and it stays '?'
        0.0,
        "主要包括基础设施、生态环保、公共服务等五大领域。",
        "主要包括基礎設施、生態環?!⒐卜?務等五大領域。",
        "主要包括基础设施、生态环?、共服务等五大领域。\n",
        "damaged span left as it is: '?!': its first character is known by one byte only and stays '?' (the best: '保、共服' or '。、共服')",
        id="a_first_character_stays_a_question_mark_where_the_rest_holds_a_guessed_one",
    ),
    pytest.param(
        # 一樣的， = D2BB 98D3 B5C4 A3AC: the run after the phantom '？' ends with 的's trail byte
        # C4 before the flattened ',', shown as '?'. By their pairs the characters of lead byte
        # B5 point to none (的 0.72, 低 0.09, 等 0.08); the page uses 的 elsewhere in step,
        # and a page keeps to its words (FILL_PAGE_CONFIDENCE)
        0.0,
        "用永磁同步电机还是异步感应电机，各地的讨论很多，但成本高低不等。控制上都一样的，因为都需要位置控制，这是我们的看法。",
        "用永磁同步電機還是異步感應電機,各地的討論很多,但成本高低不等??刂粕隙家粯拥?,因爲都需要位置控制,這是我們的看法。",
        "用永磁同步电机还是异步感应电机,各地的讨论很多,但成本高低不等。控制上都一样的,因为都需要位置控制,这是我们的看法。\n",
        None,
        id="a_character_known_by_its_lead_byte_that_the_page_uses_is_read",
    ),
    pytest.param(
        # 非常可口， = B7C7 B3A3 BFC9 BFDA A3AC: after the phantom '？' the run reads 常可 in step,
        # and 口's trail byte DA shows as '?' before the flattened ','. 可口 and 可靠 are both
        # words and both read with 非常 (靠 0.64 of the weight, 口 0.28), and the page uses
        # neither elsewhere: nothing tells them apart, the '?' stays and is reported
        0.0,
        "这里的菜非常可口，价格也还算公道。",
        "這裏的菜非??煽?,價格也還算公道。",
        "这里的菜非常可?,价格也还算公道。\n",
        "damaged span left as it is: '??': a character known by one byte only stays '?' ('常可?')",
        id="two_words_the_evidence_cannot_tell_apart_leave_the_question_mark",
    ),
    pytest.param(
        # 環保化工基礎 = AD68 B1A3 BBAF B9A4 BBF9 B541: the phantom A3BB is '；', flattened to
        # ';'; out of step AF B9 and F9 B5 are user-defined pairs the page drops, and A4 BB
        # shows as せ. Read without the first dropped pair, BB A4 is 护 (保护, a word the
        # models like better than 保化工), a character of simplified text only: the page
        # shows 25 characters of Traditional text only and none of simplified text only, as
        # a site that converts character by character does, and 护 is no reading there
        0.3,
        "学校图书馆的专业书很不全，我想在网上的书店购买《环保化工基础》等专业选修课的书籍，可是没有找到，很是失望。希望书城多进一些这类书籍，方便大家选择。",
        "學校圖書館的專業(yè)書很不全,我想在網上的書店購(gòu)買《環?;せA(chǔ)》等專業(yè)選修課(kè)的書籍,可是沒有找到,很是失望。希望書城多進(jìn)一些這類書籍,方便大家選擇(zé)。",
        "学校图书馆的专业书很不全,我想在网上的书店购买《环保化工基础》等专业选修课的书籍,可是没有找到,很是失望。希望书城多进一些这类书籍,方便大家选择。\n",
        None,
        id="a_page_in_one_script_reads_no_character_of_the_other",
    ),
    pytest.param(
        # 平常很少 = C6BD B3A3 BADC C9D9: the phantom A3BA is '：', flattened to ':', and 常 is
        # known by its trail byte A3 only. 他說自己平。很少出門 and 平常很少出門 both read (。 0.72
        # of the weight, 常 0.24), and the page is too short to show which: a mark keeps
        # CONFIDENCE, so the '?' stays and is reported, rather than a sentence end that is wrong
        0.0,
        "他说自己平常很少出门，周末一般都在家里看书。",
        "他說自己平?:苌俪鲩T,周末一般都在家裏看書。",
        "他说自己平?很少出门,周末一般都在家里看书。\n",
        "damaged span left as it is: '?:': its first character is known by one byte only and stays '?' (the best: '。很少出門' or '常很少出門')",
        id="a_first_character_a_sentence_end_ties_with_stays_a_question_mark",
    ),
]


@pytest.mark.parametrize("share, truth, shown, want, why", RUNS)
def test_a_damaged_span_is_read_or_left_and_reported(share, truth, shown, want, why):
    page = Site(seed=99, share=share, flatten=True).render(truth)
    assert page == shown
    out, err = unrendered(page)
    assert out == want
    if why is None:
        assert "damaged span left as it is" not in err
    else:
        assert why in err


SWALLOWING = [
    pytest.param(
        # 店， = B5EA A3AC, the ， flattened to ',': out of step, 店's trail byte EA before ','
        # is an orphan, and on a site whose '?' takes a comma it swallows it, so '?' stands
        # before 早 in step. EA makes a character with 早's lead byte (EA D4), so it was not
        # shown alone: it took a comma, and 店 goes before one
        "这是一家非常好的酒店，早餐也不错。",
        "這是一家非?:玫木频?早餐也不錯。",
        "这是一家非常好的酒店,早餐也不错。\n",
        None,
        id="a_lone_trail_byte_that_swallowed_a_comma_before_han_text",
    ),
    pytest.param(
        # 健康1、 = BDA1 BFB5 31 A1A2: out of step, 康's trail byte B5 before '1' is an orphan,
        # and a site whose '?' takes a digit shows '?、'. A comma never stands before 、: what
        # the '?' took is a digit the repair cannot tell, and a '?' stays for it (read as a
        # comma, it was 心理健康，、)
        "他说这非常可能是心理健康1、心理健康的标准是什么。",
        "他說這非??赡苁切睦斫】?、心理健康的標準是什麼。",
        "他说这非常可能是心理健康?、心理健康的标准是什么。\n",
        "damaged span left as it is: '??': a character known by one byte only stays '?' ('常可能是心理健康?')",
        id="a_question_mark_that_swallowed_no_comma_before_a_mark_stays_for_a_digit",
    ),
]


@pytest.mark.parametrize("truth, shown, want, why", SWALLOWING)
def test_a_span_on_a_site_whose_question_mark_swallows(truth, shown, want, why):
    page = Site(seed=99, share=0.0, flatten=True, swallow=SWALLOW + SWALLOW_MORE).render(truth)
    assert page == shown
    out, err = unrendered(page)
    assert out == want
    if why is None:
        assert "damaged span left as it is" not in err
    else:
        assert why in err


def test_a_swallowed_flattened_comma_before_a_trail_letter_and_han_text():
    # 。現 = A1A3 AC46: the phantom A3AC is '，', flattened to ','; on a site whose '?'
    # takes a comma, A1 swallows it, and 現's trail byte 46 shows as 'F' before Han text.
    # 現 reads with 在 (a question mark before a drive letter, ?F盤, does not)
    page = Site(seed=99, share=0.0, flatten=True, swallow=SWALLOW + SWALLOW_MORE).render("我们去吃了晚饭。现在店里在搞活动，价格也不贵。")
    assert page == "我們去喫了晚飯?F在店裏在搞活動,價格也不貴。"
    out, err = unrendered(page)
    assert out == "我们去吃了晚饭。现在店里在搞活动,价格也不贵。\n"
    assert "damaged span left as it is" not in err
    out, err = unrendered("什麼?F盤壞了")
    assert out == "什么?F盘坏了\n"
    assert "damaged span" not in err


def test_two_pairs_dropped_in_a_row_before_a_letter():
    # 念——長 = C4EE A1AA A1AA E94C: out of step, EE A1 is 睢, AA A1 and AA E9 fall in a
    # user-defined area and are dropped, and 長's trail byte 4C shows as 'L'
    page = Site(seed=99, share=0.0, flatten=True).render("一个叫作“长期停滞”的模糊概念——长期受到抑制")
    assert page == "一個叫作“長期停滯”的?:拍睢L期受到抑制"
    best = dict((text, score) for score, text in Page().two_lost(0xA1, 0x4C, "念"))
    # the dash and the ellipsis drop the same bytes: only the text around can tell them,
    # and the models barely do (less than the margin a choice needs)
    assert abs(best["——長"] - best["……長"]) < math.log(9)
    out, err = unrendered(page)
    assert out == "一个叫作“长期停滞”的?:拍睢L期受到抑制\n"
    assert "damaged span left as it is: '?:': no clear best" in err


def test_a_question_mark_before_a_digit_stays_for_the_digit_it_may_have_swallowed():
    # 。總人口7 = A1A3 BF82 C8CB BFDA 37: the phantom A3BF is '？', flattened to '?', and the
    # run after it ends on 口's trail byte DA, an orphan lead byte out of step. A site that
    # takes a digit with an orphan lead byte shows '?2607', another '?72607': the digit is
    # no byte the repair can tell, so a '?' stays for it and the span is reported
    from site_sim import SWALLOW, SWALLOW_MORE

    truth = "是印度的一个城镇。总人口72607（2001年）。该地2001年总人口72607人，人口密度很低。"
    swallows = Site(seed=99, share=0.0, flatten=True, swallow=SWALLOW + SWALLOW_MORE).render(truth)
    assert swallows == "是印度的一個城鎮??側丝?2607(2001年)。該地2001年總人口72607人,人口密度很低。"
    out, err = unrendered(swallows)
    assert out == "是印度的一个城镇。总人口?2607(2001年)。该地2001年总人口72607人,人口密度很低。\n"
    assert "damaged span left as it is: '??': a '?' before a digit stays: it may have swallowed one ('。總人口?')" in err
    keeps = Site(seed=99, share=0.0, flatten=True).render(truth)
    assert keeps == "是印度的一個城鎮??側丝?72607(2001年)。該地2001年總人口72607人,人口密度很低。"
    assert unrendered(keeps)[0] == "是印度的一个城镇。总人口?72607(2001年)。该地2001年总人口72607人,人口密度很低。\n"


def test_a_span_inside_the_run_of_one_left_is_not_reported_again():
    # the run out of step after the phantom '：' ends at 吃's lead byte, whose annotation
    # is also a damaged span: one damage, left as it is, is reported once
    truth = "炒牛河是他家最好吃的菜，还有牛健肉烫起来还不错，其它的就很一般"
    page = Site(seed=1, share=0.35, flatten=True).render(truth)
    assert page == "炒?:邮撬易詈脝?chī)的菜,還有牛健肉燙起來還不錯(cuò),其它的就很一般"
    out, err = unrendered(page)
    assert out == "炒?:邮撬易詈脝?chī)的菜,还有牛健肉烫起来还不错,其它的就很一般\n"
    assert [line.split(": ")[3] for line in err.splitlines() if "damaged span left as it is" in line] == ["'?:'"]


def test_a_pages_marks_make_no_mark_likelier_in_a_damaged_span():
    # 兜。好 = B6B5 A1A3 BAC3: the phantom A3BA is '：', flattened; 。 is known by its trail
    # byte A3 only, which 常 (B3A3) shares. The line's own marks count as its characters
    # do, but make no mark likelier than its share of running text
    page = Site(seed=1, share=0.35, flatten=True).render("周末在湖边走了走，买了块糕，和朋友抢着付钱的时候一摸兜。好在就几块钱，不过实在是很不好意思。")
    assert "一摸兜?:迷诰蛶?jǐ)塊(kuài)" in page
    out, err = unrendered(page)
    assert out == "周末在湖边走了走,买了块糕,和朋友抢着付钱的时候一摸兜。好在就几块钱,不过实在是很不好意思。\n"
    assert "damaged span left as it is" not in err
    assert Page(["好。对，是的。"]).chars == {"好": 1, "。": 2, "对": 1, "，": 1, "是": 1, "的": 1}
    assert Page(["。。。"]).logp("。") == Page().logp("。") > Page(["是的"]).logp("。")
    assert Page(["是的"]).logp("。") == Page(["是的"]).logp("常") - Page().logp("常") + Page().logp("。")
    assert Page(["“是的"]).logp("”") == Page().logp("”")  # a quote opened shows it closes


def test_a_phantom_mark_before_a_lost_byte_and_ascii_is_reported():
    # 菜非常好， = ... B3A3 BAC3 A3AC: the phantom A3BA is '：', 好's trail C3 shows as '?'
    # before the flattened '，'. No character is known by both its bytes: left as it is,
    # and reported (it was not even seen as damage, as nothing out of step follows)
    for truth, shown, want, why in [
        ("这家的菜味道非常好，排骨很香。", "這家的菜味道非?:?,排骨很香。", "这家的菜味道非?:?,排骨很香。",
         "'?:': the best reading '常?' knows no character by both its bytes"),
    ]:
        page = Site(seed=99, share=0.0, flatten=True).render(truth)
        assert page == shown
        out, err = unrendered(page)
        assert out == want + "\n"
        assert f"damaged span left as it is: {why}" in err


def test_a_quote_closed_after_a_phantom_mark_is_read_by_the_quote_it_closes():
    # 好。” = BAC3 A1A3 A1B1, then a space: the phantom A3A1 is '！', flattened; ”'s trail
    # byte B1 has no lead byte left and shows as '?' before the space. A1 and a lost byte
    # can be any mark of the A1 row: 。 and “ and ” among them; the line opened a quote
    # before, so it is the one that closes it (and 。。 is no typography)
    truth = "他说：“今天天气很好。” 他说完就走了。"
    page = Site(seed=99, share=0.0, flatten=True).render(truth)
    assert page == "他說:“今天天氣很好?!? 他說完就走了。"
    out, err = unrendered(page)
    assert out == "他说:“今天天气很好。” 他说完就走了。\n"
    assert "damaged span left" not in err
    # with no quote open before it, the same bytes are left as they are, and reported
    out, err = unrendered("他說今天天氣很好?!? 他說完就走了。")
    assert out == "他说今天天气很好?!? 他说完就走了。\n"
    assert "damaged span left as it is: '?!'" in err


def test_a_lost_byte_at_a_line_end_is_no_mark_a_line_cannot_end_with():
    # 常。 = B3A3 A1A3 at the line's end: the phantom A3A1 is '！', flattened, and 。's trail
    # byte A3 is lost. 常 is known by its trail byte A3 (尋常: a word), and A1 and a lost
    # byte at a line end are no 、 nor “ (which the bytes allow as well): 。
    for truth in ["这件事没有什么不同寻常。", "这件事没有什么不同寻常、"]:
        page = Site(seed=99, share=0.0, flatten=True).render(truth)
        assert page == "這件事沒有什麼不同尋?!?"  # a line ending in 、 shows as one in 。 does
        out, err = unrendered(page)
        assert out == "这件事没有什么不同寻常。\n"
        assert "damaged span left" not in err


def test_a_character_known_by_its_lead_byte_is_read_by_the_word_it_makes():
    # 。喝酒， = A1A3 BAC8 BEC6 A3AC, the ， flattened: out of step, the phantom A3BA is '：'
    # (flattened), C8BE shows as 染, and 酒's trail byte C6 before ',' as '?': 酒 is known by
    # its lead byte BE only. By their pairs, 喝 and the comma after it point to no one
    # character of lead byte BE; with the word model, 喝酒 does. On a site whose '?' takes
    # a comma, the comma is read back as well
    for swallow, shown in [(SWALLOW, "?,看劇"), (SWALLOW + SWALLOW_MORE, "?看劇")]:
        page = Site(seed=99, share=0.0, flatten=True, swallow=swallow).render("我就是典型的水货博士啊。喝酒，看剧，约妹，出游，死宅，一切与学术无关的我都爱做。")
        assert page == f"我就是典型的水貨博士啊?:染{shown},約妹,出遊,死宅,一切與學術無關的我都愛做。"
        out, err = unrendered(page)
        assert out == "我就是典型的水货博士啊。喝酒,看剧,约妹,出游,死宅,一切与学术无关的我都爱做。\n"
        assert "damaged span left" not in err
