"""The one concession LangChain's standard ``test_serdes`` needs, shared by the three
``ChatModelUnitTests`` classes (openai:, gateway:, local:).

``test_serdes`` loads with ``allowed_objects="all"``, which langchain-core defines as the
classes in its own serialization mapping, so no package outside it can pass (langchain-
tests 1.1.9 with langchain-core 1.8). Within these tests "all" also admits ChatAISDK;
everything else the test checks is unchanged. Users load with
``allowed_objects=[ChatAISDK]`` (tests/langchain/test_langchain_serialization.py).
"""

from __future__ import annotations

import importlib
from typing import Any

import pytest

from ai_sdk_integrations.langchain import ChatAISDK


class AllowChatAISDKInAll:
    @pytest.fixture(autouse=True)
    def all_includes_chat_aisdk(self, monkeypatch: pytest.MonkeyPatch) -> None:
        module = importlib.import_module("langchain_core.load.load")
        default_paths = module._get_default_allowed_class_paths

        def with_chat_aisdk(mode: Any) -> set[tuple[str, ...]]:
            paths = set(default_paths(mode))
            return paths | {tuple(ChatAISDK.lc_id())} if mode == "all" else paths

        monkeypatch.setattr(module, "_get_default_allowed_class_paths", with_chat_aisdk)
