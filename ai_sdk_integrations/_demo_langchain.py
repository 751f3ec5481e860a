"""The demo's LangChain step: a prompt | ChatAISDK-with-tools chain, its tool calls run
and their results sent back as ``ToolMessage`` s.

Imports langchain-core only when called; without it (the ``langchain`` extra) the step
says so and is skipped.
"""

from __future__ import annotations

from typing import Any

WEATHER = {"paris": (18, "cloudy"), "rome": (24, "sunny")}


def run_langchain(model: str) -> None:
    print("\n== LangChain: prompt | ChatAISDK.bind_tools(...), tool run, ToolMessage back")
    try:
        from langchain_core.prompts import ChatPromptTemplate, MessagesPlaceholder
        from langchain_core.tools import tool

        from .langchain import ChatAISDK
    except ImportError:
        print("  skipped: langchain-core is not installed (pip install 'ai-sdk-integrations[langchain]')")
        return

    @tool
    def get_weather(city: str) -> str:
        """Get the current weather for a city."""
        temperature, sky = WEATHER.get(city.strip().lower(), (20, "clear"))
        return f"It is {temperature} degrees Celsius and {sky} in {city}."

    prompt = ChatPromptTemplate.from_messages(
        [
            ("system", "You are a helpful assistant. Answer in one sentence, using the tool results."),
            ("human", "{question}"),
            MessagesPlaceholder("history", optional=True),
        ]
    )
    llm = ChatAISDK(model=model, temperature=0, max_tokens=60)
    # A named tool_choice forces the call: small local models do not always pick a tool.
    chain = prompt | llm.bind_tools([get_weather], tool_choice="get_weather")
    question = "What is the weather in Paris?"
    print(f"  question {question}")
    ai = chain.invoke({"question": question})

    history: list[Any] = [ai]
    for call in ai.tool_calls:
        result = get_weather.invoke(call)  # a ToolCall in, a ToolMessage out
        print(f"  call     {call['name']}({call['args']})")
        print(f"  result   {result.content}")
        history.append(result)
    for bad in ai.invalid_tool_calls:
        print(f"  invalid tool call from the model: {bad['name']}({bad['args']}): {bad['error']}")
    answer = (prompt | llm).invoke({"question": question, "history": history})
    print(f"  answer   {answer.text.strip()}")
