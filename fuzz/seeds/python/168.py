# The model calls of the service: `summarize` and `classify` wait on OpenAI; `build_prompt` is plain string work.
from openai import OpenAI

client = OpenAI()
MODEL = "gpt-4o-mini"


def build_prompt(title, body):
    return f"Title: {title}\n\n{body}"


def summarize(text):
    completion = client.chat.completions.create(
        model=MODEL,
        messages=[{"role": "system", "content": "Summarize in three sentences."}, {"role": "user", "content": text}],
    )
    return completion.choices[0].message.content


def classify(text):
    return summarize(f"Answer with one word, the topic of:\n{text}")
