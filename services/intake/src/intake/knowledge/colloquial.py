"""Spoken and regional words residents use, rewritten to the written words articles use
(咋整 -> 怎么办, 娃 -> 孩子), before search cuts a text into n-grams.

The table holds general spoken Chinese and Hunan usage only, never the wording of a particular
article or evaluation question: it must help every district's knowledge base alike.
"""

from __future__ import annotations

import re

#: spoken -> written; longer words are matched first
SPOKEN: dict[str, str] = {
    # how, what, where, when
    "咋整": "怎么办",
    "咋办": "怎么办",
    "咋弄": "怎么办",
    "咋搞": "怎么办",
    "怎么整": "怎么办",
    "怎么搞": "怎么办",
    "怎么弄": "怎么办",
    "搞么子": "做什么",
    "么子": "什么",
    "咋": "怎么",
    "啥": "什么",
    "哪儿": "哪里",
    "哪块": "哪里",
    "哪旮": "哪里",
    "啥时候": "什么时候",
    "几时": "什么时候",
    "多会儿": "什么时候",
    # negation, ability, knowing
    "没得": "没有",
    "冇得": "没有",
    "冇": "没有",
    "莫得": "没有",
    "木有": "没有",
    "晓得": "知道",
    "要得": "可以",
    # people
    "娃娃": "孩子",
    "娃子": "孩子",
    "伢子": "孩子",
    "细伢子": "孩子",
    "娃": "孩子",
    "小孩": "孩子",
    "小孩子": "孩子",
    "小朋友": "孩子",
    "崽": "孩子",
    "老娘": "母亲",
    "老妈": "母亲",
    "我妈": "我母亲",
    "老爸": "父亲",
    "我爸": "我父亲",
    "老爷子": "父亲",
    "堂客": "妻子",
    "老婆": "妻子",
    "媳妇": "妻子",
    "老公": "丈夫",
    "老倌子": "丈夫",
    "老人家": "老人",
    "老头": "老人",
    "老太太": "老人",
    "爹妈": "父母",
    "爸妈": "父母",
    # numbers
    "仨": "三个",
    "俩": "两个",
    # money and work
    "工钱": "工资",
    "薪水": "工资",
    "票子": "钱",
    "退休金": "养老金",
    "打工": "工作",
    "上班": "工作",
    "炒鱿鱼": "辞退",
}

_PATTERN = re.compile("|".join(re.escape(word) for word in sorted(SPOKEN, key=len, reverse=True)))


def written(text: str) -> str:
    """`text` with each spoken word replaced by its written form."""
    return _PATTERN.sub(lambda match: SPOKEN[match.group(0)], text)
