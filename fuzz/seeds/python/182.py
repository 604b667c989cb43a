# Slack client: `post_message` reaches `requests.post` through `_post`.
import os

import requests

SLACK_TOKEN = os.environ.get("SLACK_TOKEN", "")


def _post(method, payload):
    resp = requests.post(
        f"https://slack.com/api/{method}",
        json=payload,
        headers={"Authorization": f"Bearer {SLACK_TOKEN}"},
        timeout=10,
    )
    resp.raise_for_status()
    return resp.json()


def post_message(channel, text):
    return _post("chat.postMessage", {"channel": channel, "text": text})
