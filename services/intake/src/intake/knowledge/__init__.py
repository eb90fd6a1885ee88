"""The knowledge base (知识库): articles units maintain, search over them that works on
Chinese, and the gaps consultations reveal.

- rules: what a valid article is, its versions' lifecycle, who may do what (pure)
- articles: the use cases of articles and their versions; flags: answers found wrong
- search: ranking published articles for a resident's words (pure, no I/O)
- live_index: the index this process answers from, kept fresh across replicas
- seed: the district file's articles, loaded and seeded at start-up
- gaps: questions no article answered
"""

from intake.knowledge.flags import flag_for_review

__all__ = ["flag_for_review"]
