from callback.main import run

run()
