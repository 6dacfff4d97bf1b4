"""A loopback TCP proxy that records every proto frame passing between an Aerospike client and a
server, so real server replies can be stored as fixtures (see capture_frames.py)."""
import socket
import struct
import threading

HEADER = 8
MAX_BODY = 128 * 1024 * 1024


class FrameLog:
    """Frames seen so far: (connection number, direction "c2s"/"s2c", raw bytes incl. header)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.frames = []

    def add(self, conn, direction, raw):
        with self.lock:
            self.frames.append((conn, direction, raw))

    def mark(self):
        with self.lock:
            return len(self.frames)

    def since(self, mark, direction=None, proto_type=None):
        with self.lock:
            out = self.frames[mark:]
        return [f for f in out if (direction is None or f[1] == direction)
                and (proto_type is None or f[2][1] == proto_type)]


def split_frames(buffer):
    """Splits complete protos off the front of `buffer`; returns (frames, rest)."""
    frames = []
    while len(buffer) >= HEADER:
        (word,) = struct.unpack(">Q", buffer[:HEADER])
        size = word & 0xFFFFFFFFFFFF
        if buffer[0] != 2 or size > MAX_BODY:
            raise ValueError("not an Aerospike proto: %r" % buffer[:HEADER])
        if len(buffer) < HEADER + size:
            break
        frames.append(bytes(buffer[:HEADER + size]))
        buffer = buffer[HEADER + size:]
    return frames, buffer


class FrameProxy:
    """Listens on 127.0.0.1:<port> (0 = any free port) and forwards to 127.0.0.1:<target_port>."""

    def __init__(self, target_port, port=0):
        self.target_port = target_port
        self.log = FrameLog()
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", port))
        self.listener.listen(64)
        self.listener.settimeout(0.2)
        self.port = self.listener.getsockname()[1]
        self.stopping = threading.Event()
        self.sockets = []
        self.next_conn = 0
        self.thread = threading.Thread(target=self._accept_loop, daemon=True)
        self.thread.start()

    def _accept_loop(self):
        while not self.stopping.is_set():
            try:
                client, _ = self.listener.accept()
            except socket.timeout:
                continue
            except OSError:
                return
            server = socket.create_connection(("127.0.0.1", self.target_port), timeout=10)
            server.settimeout(None)
            client.settimeout(None)
            self.sockets += [client, server]
            conn = self.next_conn
            self.next_conn += 1
            threading.Thread(target=self._pump, args=(conn, "c2s", client, server), daemon=True).start()
            threading.Thread(target=self._pump, args=(conn, "s2c", server, client), daemon=True).start()

    def _pump(self, conn, direction, src, dst):
        pending = b""
        while not self.stopping.is_set():
            try:
                data = src.recv(1 << 16)
            except OSError:
                break
            if not data:
                break
            pending += data
            frames, pending = split_frames(pending)
            for f in frames:
                self.log.add(conn, direction, f)
            try:
                dst.sendall(data)
            except OSError:
                break
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def stop(self):
        self.stopping.set()
        self.listener.close()
        for s in self.sockets:
            try:
                s.close()
            except OSError:
                pass
        self.thread.join(timeout=2)
