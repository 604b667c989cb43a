# Negative: `connect` calls that are not database drivers.
import socket

import paho.mqtt.client as mqtt


def listen(host):
    client = mqtt.Client()
    client.connect(host, 1883)
    s = socket.create_connection((host, 5432))
    s.close()
