from supervision.main import run

run()
