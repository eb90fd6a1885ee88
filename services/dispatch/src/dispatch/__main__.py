from dispatch.main import run

run()
