"""The WSGI entry point: `gunicorn app:server`, or `python app.py` for a local run."""

from dashboard.app_factory import create_app

app = create_app()
server = app.server

if __name__ == "__main__":
    app.run(debug=False)
