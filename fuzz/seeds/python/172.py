# Ticket triage: no model or HTTP import here, but `triage` calls `app.llm.classify`, which waits on OpenAI.
from app.llm import classify

URGENT = {"outage", "security", "billing"}


def triage(text):
    topic = classify(text)
    return "urgent" if topic.lower() in URGENT else "normal"


def is_urgent_topic(topic):
    return topic.lower() in URGENT
