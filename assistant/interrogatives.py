"""The interrogative words of a Chinese question, in one place: the patterns that find a question word whatever
kind of fact it asks for.

The class is closed (什么, 哪, 谁, 多少, 几, 何, 怎, 如何, 为什么, 是否 …), but each reader wants its own cut of it;
each variant below says whose it is and why it differs. The learned judge's and the learned order's features were
fitted with their own sets, so those stay as they were trained. The cues of one kind of fact (a date's 何时, an
amount's 多少, a how-question's 做法) are read with the kinds, in question.py and answer_type.py.
"""
from __future__ import annotations

import re

# The interrogatives of Chinese (a closed class, simplified and traditional): pronouns and adverbs (什么, 甚么, 哪,
# 谁, 多少, 几, 何, 怎, 如何), 多 before a measure (多久, 多大), question particles (吗, 呢), 是否 and A-not-A (能不能,
# 有没有) or 还是 questions. A question with none of them is asked as a noun phrase (question.noun_phrase).
INTERROGATIVE = re.compile(r"什么|什麼|甚么|甚麼|啥|哪|谁|誰|多少|几|幾|何|怎|如何|是否|多[久大长長高远遠重宽寬深]|吗|嗎|呢|"
                           r"还是|還是|不|没|沒")
# A jieba word built on an interrogative morpheme (多长时间/n, 是否/v, 哪一年/r) asks, it is not asked about
# (query.is_function_word). Read in one word, not a question: 哪, 谁, 何 and 几 ask only when they open it (任何 is
# "any"), and particles and A-not-A are jieba's own function words already.
INTERROGATIVE_MORPHEME = re.compile(r"^(哪|谁|啥|怎|为何|如何|何)|什么|多少|多长|多大|多久|多远|多高|多重|^几|是否|是不是|有没有")
# The word a what / which / who question asks with, whose noun phrase comes before it (question.phrase_head).
WHAT_WORD = re.compile(r"什么|何|啥|哪|谁")
# The words that ask for a kind of thing (什么地方人, 哪个区: the noun after them is the kind asked,
# qualifiers.sibling_named); without 谁, which asks for a person and is followed by no kind noun.
KIND_WORD = re.compile(r"什么|哪|何|啥")
# The question word with the measure word or kind after 哪 / 多少 / 几 that it asks in (哪一个, 多少个, 几位): the
# slot an answer fills (slot.py). 为什么, 为何 ask why and 如何 how, 任何 is "any": no slot for a filler.
SLOT_WORD = re.compile(r"(?<!为)什么|哪(?:一)?[个位条家种年些里儿座所项部本件类支名国只天月次届门]?|多少[个位名条家项座次人年天]?|"
                       r"几[个位名条家项座次种年天月部届]?|谁|(?<![为如任])何(?:时|地|处|人|种)?")
# The question words taken out of the question's character pairs (judge._pairs): the learned judge's features
# were fitted with this set.
JUDGE_WORD = re.compile(r"多少|什么|哪|几|谁|是否|吗|呢|怎|如何|为何|为什么")
# The question word whose clause and neighbours the learned order reads (order.asked_clause, _anchors, _runs), with
# the measure word after 哪 / 几 / 何; the order's features were fitted with it.
ORDER_WH = re.compile(r"什么|哪[一个些里儿位年天]?|多少|几[个位年月天次]?|谁|何[时地处人种]?")
# A question word and the particles and punctuation around it say nothing the answer restates: what the learned
# order takes out of the question before it compares (order._distinct, features): ORDER_WH's words, how, why, particles.
ORDER_ASKING = re.compile(ORDER_WH.pattern + r"|怎么|怎样|如何|为什么|吗|呢|[？?。！!，,、\s]")
# What the composer takes out of a question before it compares its character pairs with a sentence
# (extractive._question_grams), and the words it never counts as the question's doer: question words with the
# request and side words (请问, 分别) and punctuation.
QUESTION_SHAPE = re.compile(r"什么|怎么|怎样|如何|哪些|哪个|哪里|多少|为什么|为何|是否|有没有|分别|请问|吗|呢|[？?！!，,。\s]")
