#!/usr/bin/env python3
"""A small smart-HTTP git server for tests: serves the git repositories under ROOT through
`git http-backend`, so tests can clone, fetch and push over http:// against real git,
server-side hooks included (a pre-receive hook's output reaches the client as `remote:` lines).

Usage: python3 git-http-server.py ROOT [--port 0]

It binds 127.0.0.1, prints one line `port N` on stdout once listening, and serves until it
gets SIGTERM or SIGINT. Pushing needs no authentication. Set GIT_HTTP_SERVER_VERBOSE=1 to log
requests (and http-backend's own messages) to stderr.

Why not the cgi module or CGIHTTPRequestHandler: the first is deprecated, and the second
passes request bodies through untouched, while libgit2 pushes with `Transfer-Encoding: chunked`,
which http-backend cannot read. Here chunked bodies are decoded into a temporary file first
and handed over with a CONTENT_LENGTH.
"""
import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote

VERBOSE = bool(os.environ.get("GIT_HTTP_SERVER_VERBOSE"))
COPY_CHUNK = 64 * 1024
# Responses up to this size get a Content-Length (so the connection stays open); longer
# ones are streamed chunked rather than held in memory.
BUFFERED_RESPONSE_LIMIT = 1024 * 1024

# Variables the test runner may have set for its own git (GIT_DIR, GIT_CONFIG_COUNT, ...)
# must not leak into the server's git; these few are still useful when debugging.
KEPT_GIT_VARIABLES = ("GIT_TRACE", "GIT_TRACE_PACKET", "GIT_TRACE_PERFORMANCE", "GIT_HTTP_MAX_REQUEST_BUFFER")


def base_environment(root):
    environment = {
        name: value for name, value in os.environ.items()
        if not name.startswith("GIT_") or name in KEPT_GIT_VARIABLES
    }
    environment.update({
        "GIT_PROJECT_ROOT": root,
        "GIT_HTTP_EXPORT_ALL": "1",
        # http-backend only accepts pushes from authenticated users unless told otherwise.
        "GIT_CONFIG_COUNT": "1",
        "GIT_CONFIG_KEY_0": "http.receivepack",
        "GIT_CONFIG_VALUE_0": "true",
        "GATEWAY_INTERFACE": "CGI/1.1",
        "SERVER_SOFTWARE": "git-http-server.py",
        "SCRIPT_NAME": "",
    })
    return environment


class GitServer(ThreadingHTTPServer):
    # Handler threads may sit in idle keep-alive connections; shutting down must not wait for them.
    daemon_threads = True
    block_on_close = False

    def handle_error(self, request, client_address):
        # Clients such as libgit2 reset idle keep-alive connections; that is no server error.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class GitHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "git-http-server.py"

    def do_GET(self):
        self.run_backend()

    def do_POST(self):
        self.run_backend()

    def log_message(self, format, *args):
        if VERBOSE:
            sys.stderr.write("%s %s\n" % (self.log_date_time_string(), format % args))

    def run_backend(self):
        with tempfile.TemporaryFile() as body:
            try:
                length = self.read_body(body)
            except ValueError as error:
                self.send_error(400, str(error))
                return
            if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
                self.log_message("decoded a chunked request body of %d bytes", length)
            body.seek(0)
            environment = self.cgi_environment(length)
            process = subprocess.Popen(
                ["git", "http-backend"],
                stdin=body,
                stdout=subprocess.PIPE,
                stderr=None if VERBOSE else subprocess.DEVNULL,
                env=environment,
            )
        try:
            self.relay_response(process.stdout)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
            process.kill()
        finally:
            process.stdout.close()
            status = process.wait()
            if status != 0:
                self.log_message("git http-backend exited with %d", status)

    def read_body(self, destination):
        """Copies the request body to `destination` and returns its length in bytes."""
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            return self.read_chunked_body(destination)
        remaining = int(self.headers.get("Content-Length") or 0)
        if remaining < 0:
            raise ValueError("negative Content-Length")
        total = remaining
        while remaining > 0:
            data = self.rfile.read(min(COPY_CHUNK, remaining))
            if not data:
                raise ValueError("request body ended early")
            destination.write(data)
            remaining -= len(data)
        return total

    def read_chunked_body(self, destination):
        total = 0
        while True:
            size_line = self.rfile.readline(1024)
            if not size_line:
                raise ValueError("chunked body ended early")
            try:
                size = int(size_line.split(b";", 1)[0].strip(), 16)
            except ValueError:
                raise ValueError("bad chunk size line %r" % size_line) from None
            if size == 0:
                break
            remaining = size
            while remaining > 0:
                data = self.rfile.read(min(COPY_CHUNK, remaining))
                if not data:
                    raise ValueError("chunked body ended early")
                destination.write(data)
                remaining -= len(data)
            total += size
            if self.rfile.readline(1024).strip():
                raise ValueError("chunk not followed by CRLF")
        # Trailers, if any, end with an empty line.
        while True:
            line = self.rfile.readline(65537)
            if not line or not line.strip():
                break
        return total

    def cgi_environment(self, length):
        path, _, query = self.path.partition("?")
        environment = dict(self.server.base_environment)
        environment.update({
            "REQUEST_METHOD": self.command,
            "REQUEST_URI": self.path,
            "PATH_INFO": unquote(path),
            "QUERY_STRING": query,
            "SERVER_PROTOCOL": self.request_version,
            "SERVER_NAME": self.server.server_address[0],
            "SERVER_PORT": str(self.server.server_address[1]),
            "REMOTE_ADDR": self.client_address[0],
            "REMOTE_PORT": str(self.client_address[1]),
        })
        if self.command == "POST":
            environment["CONTENT_LENGTH"] = str(length)
        for name, value in self.headers.items():
            key = name.upper().replace("-", "_")
            if key == "CONTENT_TYPE":
                environment["CONTENT_TYPE"] = value
            elif key == "GIT_PROTOCOL":
                environment["GIT_PROTOCOL"] = value
                environment["HTTP_GIT_PROTOCOL"] = value
            elif key not in ("CONTENT_LENGTH", "TRANSFER_ENCODING", "PROXY", "AUTHORIZATION"):
                # The body has been de-chunked, and HTTP_PROXY would redirect the server's git.
                environment["HTTP_" + key] = value
        return environment

    def relay_response(self, output):
        status, reason, headers = read_cgi_headers(output)
        if status is None:
            self.send_error(502, "git http-backend sent no response headers")
            return
        declared_length = None
        self.send_response(status, reason)
        for name, value in headers:
            if name.lower() == "content-length":
                declared_length = int(value)
            elif name.lower() in ("connection", "transfer-encoding"):
                continue
            else:
                self.send_header(name, value)

        if declared_length is not None:
            self.send_header("Content-Length", str(declared_length))
            self.end_headers()
            copy_exactly(output, self.wfile, declared_length)
            return

        start, finished = read_up_to(output, BUFFERED_RESPONSE_LIMIT)
        if finished:
            self.send_header("Content-Length", str(len(start)))
            self.end_headers()
            self.wfile.write(start)
        elif self.request_version == "HTTP/1.1":
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            self.write_chunk(start)
            while data := output.read1(COPY_CHUNK):
                self.write_chunk(data)
            self.wfile.write(b"0\r\n\r\n")
        else:
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(start)
            shutil.copyfileobj(output, self.wfile, COPY_CHUNK)
        self.wfile.flush()

    def write_chunk(self, data):
        if data:
            self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))


def read_cgi_headers(output):
    """Returns (status, reason, [(name, value)]) from a CGI response, or Nones when it has none."""
    status, reason, headers = 200, None, []
    saw_header = False
    while True:
        line = output.readline(65537)
        if not line:
            return (status, reason, headers) if saw_header else (None, None, [])
        line = line.rstrip(b"\r\n")
        if not line:
            return status, reason, headers
        saw_header = True
        name, _, value = line.decode("latin-1").partition(":")
        name, value = name.strip(), value.strip()
        if name.lower() == "status":
            code, _, text = value.partition(" ")
            status, reason = int(code), text or None
        else:
            if name.lower() == "location" and status == 200:
                status = 302
            headers.append((name, value))


def read_up_to(stream, limit):
    """Reads until `limit` bytes or end of stream; returns (data, whether the stream ended)."""
    parts, size = [], 0
    while size < limit:
        data = stream.read1(COPY_CHUNK)
        if not data:
            return b"".join(parts), True
        parts.append(data)
        size += len(data)
    return b"".join(parts), False


def copy_exactly(source, destination, length):
    while length > 0:
        data = source.read1(min(COPY_CHUNK, length))
        if not data:
            break
        destination.write(data)
        length -= len(data)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", help="folder holding the repositories to serve")
    parser.add_argument("--port", type=int, default=0, help="port to listen on (0: any free port)")
    arguments = parser.parse_args()

    root = os.path.abspath(arguments.root)
    if not os.path.isdir(root):
        parser.error("%s is not a folder" % root)

    server = GitServer(("127.0.0.1", arguments.port), GitHandler)
    server.base_environment = base_environment(root)

    def stop(signum, frame):
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    print("port %d" % server.server_address[1], flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
