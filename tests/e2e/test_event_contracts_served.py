"""Every running service serves its event contract: the AsyncAPI document the code produces
(docs/asyncapi), with the topics named as on the cluster, under the run's topic prefix."""

from __future__ import annotations

import httpx

from common import asyncapi
from tests.support.stack import SERVICES, Stack


async def test_each_service_serves_its_asyncapi_document(
    http: httpx.AsyncClient, stack: Stack
) -> None:
    prefix = stack.run.topic_prefix
    consumers = asyncapi.service_consumers()
    for service in SERVICES:
        response = await http.get(f"{stack.url(service)}/asyncapi.json")
        assert response.status_code == 200, (service, response.text)
        served = response.json()
        assert served == asyncapi.document(service, consumers[service], prefix=prefix), service
        addresses = {channel["address"] for channel in served["channels"].values()}
        assert f"{prefix}{service}.dlq.v1" in addresses
        assert all(address.startswith(prefix) for address in addresses)
