"""The knowledge base (知识库): articles units maintain, and search over them that works on
Chinese.

- search: ranking published articles for a resident's words (pure, no I/O)
"""
