extensions = ["myst_parser"]
linkcheck_timeout, linkcheck_retries, linkcheck_workers = 3, 1, 2
linkcheck_anchors_ignore_for_url = [r"http://(localhost|127\.0\.0\.1):\d+/law/.*"]  # as for e-Gov
language = "ja"
