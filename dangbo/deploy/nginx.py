"""nginx in front of N Streamlit replicas, with sticky sessions made of nginx's own modules.

Streamlit keeps a session (its websocket, its state, the files a download button serves) in the
process that opened it, so every request of one browser must reach the same replica
(streamlit#13773). A new browser is assigned a replica by `split_clients` and gets a cookie naming it;
later requests follow the cookie (`map`). Each replica's upstream lists the others as `backup`: when
a replica is down its browsers are served by another (they sign in again: a session's state does not
survive its process). Websockets are proxied with the Upgrade headers and long timeouts.

    python -m dangbo.deploy.nginx --listen 127.0.0.1:8080 127.0.0.1:8601 127.0.0.1:8602 > /etc/nginx/conf.d/dangbo.conf
"""
from __future__ import annotations

import argparse
import sys

COOKIE = "dangbo_replica"


def config(replicas: list[str], listen: str = "127.0.0.1:8080", *, standalone_dir: str | None = None,
           server_name: str = "_") -> str:
    """The configuration: an `http` block's contents, or (`standalone_dir`) a whole nginx.conf whose pid,
    logs and temporary files live in that folder (for tests and a user without root)."""
    names = [f"r{i + 1}" for i in range(len(replicas))]
    share = f"{100 / len(replicas):.4f}".rstrip("0").rstrip(".")
    lines = []
    for name, addr in zip(names, replicas, strict=True):
        lines.append(f"upstream dangbo_{name} {{")
        lines.append(f"    server {addr} max_fails=1 fail_timeout=5s;")
        lines += [f"    server {other} backup;" for other in replicas if other != addr]
        lines.append("}")
    lines.append('split_clients "${remote_addr}${remote_port}${msec}" $dangbo_new {')
    lines += [f"    {share}% {n};" for n in names[:-1]] + [f"    * {names[-1]};", "}"]
    lines.append(f"map $cookie_{COOKIE} $dangbo_replica {{")
    lines += ["    default $dangbo_new;"] + [f"    {n} {n};" for n in names] + ["}"]
    lines.append("map $http_upgrade $connection_upgrade { default upgrade; '' close; }")
    lines += [
        "server {",
        f"    listen {listen};",
        f"    server_name {server_name};",
        "    client_max_body_size 60m;",
        "    location / {",
        "        proxy_pass http://dangbo_$dangbo_replica;",
        "        proxy_http_version 1.1;",
        "        proxy_set_header Host $http_host;",          # with its port: the sign-in form's Origin check
        "        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",
        "        proxy_set_header X-Forwarded-Proto $scheme;",
        "        proxy_set_header Upgrade $http_upgrade;",
        "        proxy_set_header Connection $connection_upgrade;",
        "        proxy_read_timeout 86400s;",
        "        proxy_next_upstream error timeout http_502;",
        f'        add_header Set-Cookie "{COOKIE}=$dangbo_replica; Path=/; HttpOnly; SameSite=Lax" always;',
        "        add_header X-Dangbo-Upstream $upstream_addr always;",
        "    }",
        "}",
    ]
    body = "\n".join(lines) + "\n"
    if not standalone_dir:
        return body
    d = standalone_dir
    indented = "\n".join("    " + line if line else line for line in body.splitlines())
    return (f"daemon off;\npid {d}/nginx.pid;\nerror_log {d}/error.log warn;\nworker_processes 1;\n"
            f"events {{ worker_connections 4096; }}\nhttp {{\n    access_log {d}/access.log;\n"
            f"    client_body_temp_path {d}/body;\n    proxy_temp_path {d}/proxy;\n"
            f"    fastcgi_temp_path {d}/fastcgi;\n    uwsgi_temp_path {d}/uwsgi;\n    scgi_temp_path {d}/scgi;\n"
            f"{indented}\n}}\n")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m dangbo.deploy.nginx", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("replicas", nargs="+", help="host:port of each Streamlit replica")
    ap.add_argument("--listen", default="127.0.0.1:8080")
    ap.add_argument("--server-name", default="_")
    a = ap.parse_args(argv)
    sys.stdout.write(config(a.replicas, a.listen, server_name=a.server_name))
    return 0


if __name__ == "__main__":
    sys.exit(main())
