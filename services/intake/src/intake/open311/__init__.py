"""Open311 GeoReport v2: service requests from outside clients.

- api: the routes, answered as Open311 documents
- openapi: their OpenAPI description
- repository: API keys, request tokens and the query behind GET requests
"""
