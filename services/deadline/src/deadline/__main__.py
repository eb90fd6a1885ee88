from deadline.main import run

run()
