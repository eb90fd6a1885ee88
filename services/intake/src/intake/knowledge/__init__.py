"""The knowledge base (知识库): articles units maintain, and search over them that works on
Chinese.

- search: ranking published articles for a resident's words (pure, no I/O), with pinyin
  (homophone typos) and colloquial (spoken words, an option)
- files: the district file's knowledge section, its article files and evaluation questions
- eval: `civicloop-knowledge-eval`, hit rates and search time on the evaluation questions
"""
