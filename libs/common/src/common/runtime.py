"""Composition of a service process: settings -> database -> broker -> consumer, outbox
relay and background loops -> HTTP app with /healthz, /readyz, /metrics and /asyncapi.json.

Every service's main.py describes itself with a ServiceDefinition and calls create_app.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from faststream.kafka import KafkaBroker, KafkaMessage
from faststream.kafka.prometheus import KafkaPrometheusMiddleware
from faststream.middlewares import AckPolicy
from prometheus_client import REGISTRY
from pydantic import BaseModel, Field

from common import asyncapi, business, http, logs, watch
from common.auth import TokenCodec
from common.consumer import EventConsumer, Handler
from common.db import Database
from common.envelope import Event
from common.http_docs import errors
from common.migrations import migrate
from common.outbox import Outbox, OutboxRelay, StoreFactory, UnitOfWork
from common.settings import ServiceSettings
from common.topics import EVENTS_TOPIC_OF, qualified

log = logging.getLogger(__name__)

SettingsT = TypeVar("SettingsT", bound=ServiceSettings)
StateT = TypeVar("StateT")
BackgroundLoop = Callable[["Runtime"], Coroutine[Any, Any, None]]


@dataclass(frozen=True)
class ServiceDefinition:
    name: str
    migrations: Path
    #: The event types the service handles, each by the handler of the same key in
    #: `handlers`: it subscribes to the topics they are published on.
    consumes: Sequence[type[Event]] = ()
    handlers: Callable[[Runtime], Mapping[type[Event], Handler]] = lambda runtime: {}
    routers: Callable[[Runtime], Sequence[APIRouter]] = lambda runtime: ()
    background: Sequence[BackgroundLoop] = ()
    on_startup: Callable[[Runtime], Awaitable[None]] | None = None
    max_body_bytes: int = 256 * 1024
    #: path pattern (regular expression) -> body limit, for routes that take files
    route_body_limits: Mapping[str, int] = field(default_factory=dict)
    #: path prefixes whose routes check their own path and query parameters and answer in
    #: their own error format (Open311); every other route gets the shared check
    own_parameter_checks: Sequence[str] = ()
    title: str = ""
    #: builds the service's store (its repositories) over a unit of work's session
    store: StoreFactory | None = None
    #: the service's own typed state (policies, caches, clocks); Runtime.state_as reads it
    state: object | None = None

    @property
    def topics(self) -> list[str]:
        """The topics the service subscribes to, in catalogue order."""
        wanted = {model.topic for model in self.consumes}
        return [topic for topic in EVENTS_TOPIC_OF.values() if topic in wanted]

    def check_handlers(self, handlers: Mapping[type[Event], Handler]) -> None:
        """A handler for each consumed event and for nothing else; none of its own events."""
        missing = [m.event_type for m in self.consumes if m not in handlers]
        undeclared = [m.event_type for m in handlers if m not in self.consumes]
        if missing or undeclared:
            raise ValueError(
                f"{self.name}: no handler for {missing or 'none'}, "
                f"handlers for events it does not declare it consumes: {undeclared or 'none'}"
            )
        own = [m.event_type for m in self.consumes if m.producer == self.name]
        if own:
            raise ValueError(f"{self.name} consumes its own events {own}")


@dataclass
class Runtime:
    definition: ServiceDefinition
    settings: ServiceSettings
    db: Database
    broker: KafkaBroker
    relay: OutboxRelay
    consumer: EventConsumer | None = None

    def state_as(self, kind: type[StateT]) -> StateT:
        """The service's own state object (ServiceDefinition.state), typed."""
        state = self.definition.state
        if not isinstance(state, kind):
            raise TypeError(f"{self.name} keeps no {kind.__module__}.{kind.__name__}")
        return state

    @property
    def name(self) -> str:
        return self.definition.name

    def settings_as(self, kind: type[SettingsT]) -> SettingsT:
        """The service's own settings class, typed; each service starts with its own."""
        if not isinstance(self.settings, kind):
            raise TypeError(f"{self.name} runs with {kind.__module__}.{kind.__name__}")
        return self.settings

    def unit_of_work(self, *, correlation_id: str | None = None) -> UnitOfWork:
        outbox = Outbox(
            producer=self.name,
            topic=EVENTS_TOPIC_OF[self.name],
            correlation_id=correlation_id or logs.correlation_id.get(),
        )
        return UnitOfWork(
            self.db,
            outbox,
            shards=self.settings.outbox_shards,
            on_commit=self.relay.wake,
            store=self.definition.store,
        )


def build_runtime(definition: ServiceDefinition, settings: ServiceSettings) -> Runtime:
    db = Database(settings.database_url, schema=definition.name, pool_size=settings.db_pool_size)
    broker = KafkaBroker(
        settings.kafka_bootstrap_servers,
        client_id=definition.name,
        # through the root JSON handler; per-message lines only at DEBUG
        logger=logging.getLogger("faststream.broker"),
        log_level=logging.DEBUG,
        middlewares=[KafkaPrometheusMiddleware(registry=REGISTRY, app_name=definition.name)],
        graceful_timeout=15.0,
    )
    relay = OutboxRelay(
        db,
        bootstrap_servers=settings.kafka_bootstrap_servers,
        client_id=f"{definition.name}-outbox",
        topic_prefix=settings.topic_prefix,
        shards=settings.outbox_shards,
        poll_seconds=settings.outbox_poll_seconds,
    )
    runtime = Runtime(definition, settings, db, broker, relay)
    handlers = definition.handlers(runtime)
    definition.check_handlers(handlers)
    if definition.consumes:
        runtime.consumer = EventConsumer(
            service=definition.name,
            db=db,
            handlers=handlers,
            events_topic=EVENTS_TOPIC_OF[definition.name],
            shards=settings.outbox_shards,
            max_attempts=settings.consumer_max_attempts,
            on_commit=relay.wake,
            store=definition.store,
        )
        _subscribe(runtime, runtime.consumer)
    return runtime


def _subscribe(runtime: Runtime, consumer: EventConsumer) -> None:
    settings = runtime.settings
    topics = [qualified(t, settings.topic_prefix) for t in runtime.definition.topics]

    @runtime.broker.subscriber(
        *topics,
        group_id=settings.consumer_group(runtime.name),
        batch=True,
        max_records=settings.consumer_max_records,
        batch_timeout_ms=50,
        auto_offset_reset="earliest",
        ack_policy=AckPolicy.MANUAL,
    )
    async def on_batch(msg: KafkaMessage) -> None:
        records = msg.raw_message if isinstance(msg.raw_message, tuple) else (msg.raw_message,)
        try:
            await consumer.process(records)
        except BaseException:
            # Stopping mid-batch: rewind so that no later acknowledgement commits past it.
            await msg.nack()
            raise
        await msg.ack()


def create_app(definition: ServiceDefinition, settings: ServiceSettings) -> FastAPI:
    logs.configure_logging(definition.name, settings.log_level)
    business.use_district_file(settings.district_file)
    runtime = build_runtime(definition, settings)

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        await migrate(runtime.db, definition.migrations)
        if definition.on_startup is not None:
            await definition.on_startup(runtime)
        await runtime.relay.start()
        tasks = [asyncio.create_task(runtime.relay.run(), name="outbox-relay")]
        tasks += [asyncio.create_task(loop(runtime)) for loop in definition.background]
        tasks += _watchers(runtime)
        await runtime.broker.start()
        log.info("service started", extra={"port": settings.http_port})
        try:
            yield
        finally:
            if runtime.consumer is not None:
                runtime.consumer.stopping = True
            await runtime.broker.stop()
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            await runtime.relay.stop()
            await runtime.db.dispose()
            log.info("service stopped")

    app = http.edge_app(
        service=definition.name,
        title=definition.title or definition.name,
        max_body_bytes=definition.max_body_bytes,
        route_body_limits=definition.route_body_limits,
        own_parameter_checks=definition.own_parameter_checks,
        lifespan=lifespan,
    )
    app.state.runtime = runtime
    app.state.token_codec = TokenCodec(
        settings.token_secret(), ttl_seconds=int(settings.auth_token_hours * 3600)
    )
    _add_probes(app, runtime)
    _add_contract(app, runtime)
    for router in definition.routers(runtime):
        app.include_router(router)
    return app


class Health(BaseModel):
    status: Literal["ok"] = Field(description="进程在运行")
    service: str = Field(description="服务名")


class Readiness(BaseModel):
    status: Literal["ready", "degraded"] = Field(
        description="ready：一切正常；degraded：可以接受请求，事件稍后发布"
    )
    checks: dict[str, str] = Field(
        description="各项检查（postgresql、kafka、consumer、outbox_relay）：ok，或不正常的原因"
    )


def _add_probes(app: FastAPI, runtime: Runtime) -> None:
    @app.get("/healthz", tags=["ops"], response_model=Health)
    async def healthz() -> dict[str, str]:
        return {"status": "ok", "service": runtime.name}

    @app.get("/readyz", tags=["ops"], response_model=Readiness, responses=errors(503))
    async def readyz() -> JSONResponse:
        return await readiness(runtime)

    @app.get(
        "/metrics",
        tags=["ops"],
        response_class=PlainTextResponse,
        responses={200: {"description": "Prometheus 文本格式的指标"}},
    )
    async def prometheus_metrics() -> Response:
        return http.metrics_response()


#: Without these a service cannot answer; anything else unhealthy only delays events.
REQUIRED_CHECKS = ("postgresql",)


async def readiness(runtime: Runtime) -> JSONResponse:
    """Ready while PostgreSQL answers. Kafka, the consumer and the outbox relay are reported
    but do not fail readiness: what a request writes waits in the outbox and is published
    when Kafka is back, and every replica shares the same Kafka (docs/adr/0015)."""
    checks: dict[str, str] = {}
    try:
        await asyncio.wait_for(runtime.db.ping(), 3)
        checks["postgresql"] = "ok"
    except Exception as error:
        checks["postgresql"] = f"unreachable: {type(error).__name__}"
    try:
        reachable = await runtime.broker.ping(timeout=3)
        checks["kafka"] = "ok" if reachable else "unreachable"
    except Exception as error:
        checks["kafka"] = f"unreachable: {type(error).__name__}"
    if runtime.consumer is not None and not runtime.consumer.healthy:
        checks["consumer"] = "retrying"
    if not runtime.relay.healthy:
        checks["outbox_relay"] = "retrying"
    if any(checks[name] != "ok" for name in REQUIRED_CHECKS):
        return http.unavailable_response(status="not_ready", checks=checks)
    healthy = all(value == "ok" for value in checks.values())
    return JSONResponse({"status": "ready" if healthy else "degraded", "checks": checks})


def _add_contract(app: FastAPI, runtime: Runtime) -> None:
    """The service's event contract (common.asyncapi), built once: it changes with the code
    and the topic prefix only."""
    contract = asyncapi.AsyncApiDocument.model_validate(
        asyncapi.document(
            runtime.name, runtime.definition.consumes, prefix=runtime.settings.topic_prefix
        )
    )

    @app.get(
        "/asyncapi.json",
        tags=["ops"],
        response_model=asyncapi.AsyncApiDocument,
        summary="The AsyncAPI 3.0 document of the events this service publishes and consumes",
    )
    async def event_contract() -> asyncapi.AsyncApiDocument:
        return contract


def _watchers(runtime: Runtime) -> list[asyncio.Task[None]]:
    """The background gauges (common.watch): outbox, consumer lag, dependencies."""
    schema, service = runtime.db.schema, runtime.name
    lag = watch.LagGauge(service, runtime.settings.consumer_group(service))

    def consumers() -> list[Any]:
        found = (getattr(s, "consumer", None) for s in runtime.broker.subscribers)
        return [consumer for consumer in found if consumer is not None]

    async def postgresql() -> bool:
        await runtime.db.ping()
        return True

    async def kafka() -> bool:
        return bool(await runtime.broker.ping(timeout=3))

    samples = {
        "outbox-gauges": (5, lambda: watch.sample_outbox(runtime.relay, schema)),
        "consumer-lag": (10, lambda: watch.sample_consumer_lag(lag, consumers())),
        "dependency-checks": (
            15,
            lambda: watch.check_dependencies(service, {"postgresql": postgresql, "kafka": kafka}),
        ),
    }
    return [
        asyncio.create_task(watch.every(seconds, sample), name=name)
        for name, (seconds, sample) in samples.items()
    ]


async def get_runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


#: The route parameter that gives a handler the service's Runtime.
RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
