# Routes that call the project's model helpers: inside the `with` (CL302 at the call, also through `classify` -> `summarize` and `triage` -> `classify`) and outside it.
from fastapi import APIRouter

from app import llm
from app.db import get_db_cursor
from app.llm import build_prompt, summarize
from app.services.triage import is_urgent_topic, triage

router = APIRouter()


@router.post("/articles/{article_id}/summary")
def summarize_article(article_id: int):
    with get_db_cursor() as (cur, conn):
        cur.execute("SELECT title, body FROM articles WHERE id = %s", (article_id,))
        title, body = cur.fetchone()
        summary = summarize(build_prompt(title, body))  # expect: CL302
        cur.execute("UPDATE articles SET summary = %s WHERE id = %s", (summary, article_id))
    return {"summary": summary}


@router.post("/articles/{article_id}/topic")
def topic(article_id: int):
    with get_db_cursor() as (cur, conn):
        cur.execute("SELECT body FROM articles WHERE id = %s", (article_id,))
        (body,) = cur.fetchone()
        label = llm.classify(body)  # expect: CL302
        cur.execute("UPDATE articles SET topic = %s WHERE id = %s", (label, article_id))
    return {"topic": label}


@router.get("/articles/{article_id}/prompt")
def prompt(article_id: int):
    with get_db_cursor() as (cur, conn):
        cur.execute("SELECT title, body FROM articles WHERE id = %s", (article_id,))
        title, body = cur.fetchone()
        text = build_prompt(title, body)
    return {"prompt": text, "preview": summarize(text)}


@router.post("/tickets/{ticket_id}/triage")
def triage_ticket(ticket_id: int):
    with get_db_cursor() as (cur, conn):
        cur.execute("SELECT body, topic FROM tickets WHERE id = %s", (ticket_id,))
        body, topic = cur.fetchone()
        if topic and is_urgent_topic(topic):
            priority = "urgent"
        else:
            priority = triage(body)  # expect: CL302
        cur.execute("UPDATE tickets SET priority = %s WHERE id = %s", (priority, ticket_id))
    return {"priority": priority}
