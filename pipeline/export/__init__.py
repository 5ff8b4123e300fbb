"""TODO placeholder for wiring check."""


def run(ctx):
    return None
