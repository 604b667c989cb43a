# Negative: request handlers that build pools of other kinds (redis, threads, HTTP): not database pools.
from concurrent.futures import ThreadPoolExecutor
from multiprocessing import Pool

import redis
import urllib3
from flask import Flask, jsonify

app = Flask(__name__)


@app.route("/cache/<key>")
def cached(key):
    pool = redis.ConnectionPool(host="cache", port=6379, db=0)
    client = redis.Redis(connection_pool=pool)
    return jsonify(value=client.get(key))


@app.route("/thumbnails", methods=["POST"])
def thumbnails():
    with ThreadPoolExecutor(max_workers=4) as executor:
        sizes = list(executor.map(len, ["a", "bb", "ccc"]))
    with Pool(2) as procs:
        squares = procs.map(abs, [-1, -2])
    http = urllib3.PoolManager(num_pools=2)
    return jsonify(sizes=sizes, squares=squares, pools=len(http.pools))
