"""Structure is not prose: what tidy leaves alone, through the command (bytes in, bytes out).

Each case is a real-looking input and the exact output wanted; every output is also
run again to show a second run leaves it unchanged.
"""

from __future__ import annotations

import pytest

from .conftest import run_cli


def normalize(tmp_path, name: str, text: str, *args: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    r = run_cli(*args, path)
    assert r.returncode == 0, r.stderr
    out = r.stdout.decode("utf-8")
    path.write_text(out, encoding="utf-8")
    again = run_cli(*args, path)
    assert again.stdout.decode("utf-8") == out  # one pass is final
    return out


CSV = '''名稱,描述,價格
頭髮,乾燥,"1,000"
"頭髮,乾燥","他說:""好!""",3:30
"多行的
描述,續",正常,12
'''
CSV_OUT = '''名称,描述,价格
头发,干燥,"1,000"
"头发，干燥","他说：""好！""",3:30
"多行的
描述，续",正常,12
'''


def test_csv_keeps_separators_and_quoting(tmp_path):
    assert normalize(tmp_path, "data.csv", CSV) == CSV_OUT


def test_tsv_keeps_tabs_and_fields(tmp_path):
    text = "名稱\t說明\n頭髮\t乾燥,好\n  中文  \t x \n"
    assert normalize(tmp_path, "data.tsv", text) == "名称\t说明\n头发\t干燥，好\n  中文  \t x \n"


def test_format_option_overrides_the_name(tmp_path):
    assert normalize(tmp_path, "data.txt", "頭髮,乾燥\n", "--format", "csv") == "头发,干燥\n"
    assert normalize(tmp_path, "data.csv", "頭髮,乾燥\n", "--format", "text") == "头发，干燥\n"


MD = '''# 標題,副標題

  - 列表項,很好
    - 子項(一)

```python
def f(x):
    print("你好,世界")  # 註釋:中文


    return x
```

代碼`print(x),y`很好,對

~~~
  原樣(不變)
~~~
'''
MD_OUT = '''# 标题，副标题

  - 列表项，很好
    - 子项（一）

```python
def f(x):
    print("你好,世界")  # 註釋:中文


    return x
```

代码`print(x),y`很好，对

~~~
  原样(不变)
~~~
'''


def test_markdown_keeps_code_blocks_spans_and_indentation(tmp_path):
    # fenced blocks are verbatim for tidy (blank lines, spacing, ASCII punctuation);
    # convert still writes their characters in the target script
    out = normalize(tmp_path, "README.md", MD, "--skip", "clean")
    assert out == MD_OUT.replace("註釋", "注释")


EXACT = [
    # ASCII tokens keep their punctuation; the sentence's marks around them still change
    ("调用print()函数", "调用print()函数"),
    ("网址https://example.com/path:8080/(x)", "网址https://example.com/path:8080/(x)"),
    ("邮件user.name+tag@example.com联系", "邮件user.name+tag@example.com联系"),
    ("共1,000元,时间3:30", "共1,000元，时间3:30"),
    ("见[链接](http://x.com/a,b)说明", "见[链接](http://x.com/a,b)说明"),
    ("路径/usr/local/bin:/usr/bin中", "路径/usr/local/bin:/usr/bin中"),
    ("用f(a, b)计算,再用g(x)", "用f(a, b)计算，再用g(x)"),
    ("访问http://example.com/a?b=1,c=2获取", "访问http://example.com/a?b=1,c=2获取"),
    ("访问http://example.com/a,然后", "访问http://example.com/a，然后"),
    ("邮件a@example.com,谢谢", "邮件a@example.com，谢谢"),
    ("中??", "中？？"),
    ("真的吗?!", "真的吗？！"),
    ("(中)?", "（中）？"),
    ("名称    数量", "名称 数量"),
    ("name    count", "name    count"),
    ("中文  ab  cd", "中文  ab  cd"),
    ("中文\u00a0\u00a0 ab", "中文 ab"),
    ("行尾空白\u00a0 \t", "行尾空白"),
]


@pytest.mark.parametrize("line, fixed", EXACT)
def test_exact(tmp_path, line, fixed):
    assert normalize(tmp_path, "a.txt", line + "\n", "--skip", "clean") == fixed + "\n"


def test_references_are_not_tidied_and_are_decoded_by_repair(tmp_path):
    # tidy leaves a reference's ';' alone; repair decodes references before convert
    line = "头发&amp;干燥&nbsp;你好\n"
    assert normalize(tmp_path, "a.txt", line, "--skip", "clean", "--skip", "repair") == line
    assert normalize(tmp_path, "a.txt", line, "--skip", "clean") == "头发&干燥 你好\n"


def test_indentation(tmp_path):
    text = (
        "\u3000\u3000段落开头的全角空格。\n"
        "\u00a0\u00a0\u00a0 不间断空格,缩进\n"
        "    2、下载后,可能会被\n"
        "    print(x)  # 代码\n"
        "  - 列表项\n"
        "  1. 第一项\n"
        "\tif x:\n"
        "        return y\n"
    )
    wanted = (
        "段落开头的全角空格。\n"
        "不间断空格，缩进\n"
        "2、下载后，可能会被\n"
        "    print(x)  # 代码\n"
        "  - 列表项\n"
        "  1. 第一项\n"
        "\tif x:\n"
        "        return y\n"
    )
    assert normalize(tmp_path, "a.txt", text, "--skip", "clean") == wanted


def test_punct_keep(tmp_path):
    assert normalize(tmp_path, "a.txt", "你好,世界?\n", "--punct", "keep", "--skip", "clean") == "你好,世界?\n"
