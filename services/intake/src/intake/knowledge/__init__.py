"""The knowledge base (知识库): articles, their search, and the gaps consultations reveal."""
