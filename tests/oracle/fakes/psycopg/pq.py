import enum

__oracle_fake__ = True


class TransactionStatus(enum.IntEnum):
    IDLE = 0
    ACTIVE = 1
    INTRANS = 2
    INERROR = 3
    UNKNOWN = 4
