__oracle_fake__ = True


class Pool:
    pass


class QueuePool(Pool):
    pass


class NullPool(Pool):
    pass


class StaticPool(Pool):
    pass


class SingletonThreadPool(Pool):
    pass


AsyncAdaptedQueuePool = QueuePool
