"""Batch import: a spreadsheet of cases registered row by row.

- file: reading the uploaded file, and the templates
- service: validating the rows and registering each
- repository: the batches and the case each row became
- api: upload, progress and the templates
"""
