from __future__ import annotations

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import SettingsConfigDict

from common.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(extra="ignore", frozen=True)
    http_port: int = 8001
    classification_threshold: float = Field(
        default=0.6,
        ge=0,
        le=1,
        description="Below this classifier confidence a case goes to a human dispatcher",
    )
    classification_dir: str | None = Field(
        default=None, description="Folder with labelled.yaml and keywords.yaml"
    )
    open311_demo_key: SecretStr | None = Field(
        default=None, description="Open311 API key made available at start-up (local demo only)"
    )

    @model_validator(mode="after")
    def _no_demo_key_in_production(self) -> Settings:
        if self.environment == "production" and self.open311_demo_key is not None:
            raise ValueError("OPEN311_DEMO_KEY is for a local demo; issue keys through the API")
        return self
