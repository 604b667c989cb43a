# `make_notifier` only builds a closure; the HTTP call runs when the closure is called. `deliver` is slow.
import requests


def make_notifier(url):
    def send(event):
        requests.post(url, json=event, timeout=10)

    return send


def deliver(url, event):
    requests.post(url, json=event, timeout=10)
