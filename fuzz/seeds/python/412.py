# Negative: a Celery worker-process signal builds the engine once per worker process and keeps it global.
import os

from celery import Celery
from celery.signals import worker_process_init, worker_process_shutdown
from sqlalchemy import create_engine, text

celery_app = Celery("jobs", broker=os.environ["BROKER_URL"])
engine = None


@worker_process_init.connect
def init_worker(**kwargs):
    global engine
    engine = create_engine(os.environ["DATABASE_URL"], pool_size=2, pool_pre_ping=True)


@worker_process_shutdown.connect
def shutdown_worker(**kwargs):
    if engine is not None:
        engine.dispose()


@celery_app.task
def expire_sessions():
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM sessions WHERE expires_at < now()"))
