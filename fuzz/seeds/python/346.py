# Authentication helper that borrows the caller's cursor instead of taking a connection.
def current_user(cur, token):
    cur.execute(
        "SELECT u.id, u.email FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token = %s",
        (token,),
    )
    row = cur.fetchone()
    return {"id": row[0], "email": row[1]} if row else None
