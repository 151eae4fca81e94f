package dev.jacobilens.engine.runtime;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketImpl;
import java.net.SocketOptions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Run in a child JVM by {@link PrivateEngineStartTest}: installs a socket factory that records
 * and refuses every outgoing TCP connection, starts DJL's PyTorch engine and runs one op, then
 * prints each attempted address on a line "CONNECT host:port". With argument "private" it first
 * applies {@link EngineSetup#makePrivate}, as every entry point of the app does.
 *
 * <p>DJL's tracking call uses {@code Proxy.NO_PROXY}, so a proxy setting would not see it; a
 * socket factory sees every plain socket, which is what HttpURLConnection opens.
 */
public final class NetworkProbe {
    private static final List<String> ATTEMPTS = new CopyOnWriteArrayList<>();

    private NetworkProbe() {
    }

    public static void main(String[] args) throws IOException {
        Socket.setSocketImplFactory(RefusingSocket::new);
        if (args.length > 0 && args[0].equals("private")) {
            EngineSetup.makePrivate();
        }
        Engine engine = Engine.getEngine("PyTorch");
        try (NDManager m = engine.newBaseManager()) {
            System.out.println("SUM " + m.create(new float[] {1, 2, 3}).sum().getFloat());
        }
        for (String a : ATTEMPTS) {
            System.out.println("CONNECT " + a);
        }
        System.out.println("DONE");
    }

    /** Records the address of each connect and refuses it, so nothing leaves the machine. */
    private static final class RefusingSocket extends SocketImpl {
        private IOException refuse(String where) {
            ATTEMPTS.add(where);
            return new IOException("connection refused by NetworkProbe: " + where);
        }

        @Override
        protected void connect(String host, int port) throws IOException {
            throw refuse(host + ":" + port);
        }

        @Override
        protected void connect(InetAddress address, int port) throws IOException {
            throw refuse(address.getHostAddress() + ":" + port);
        }

        @Override
        protected void connect(SocketAddress address, int timeout) throws IOException {
            throw refuse(String.valueOf(address));
        }

        @Override
        protected void create(boolean stream) {
        }

        @Override
        protected void bind(InetAddress host, int port) throws IOException {
            throw refuse("bind " + host + ":" + port);
        }

        @Override
        protected void listen(int backlog) throws IOException {
            throw new IOException("not supported");
        }

        @Override
        protected void accept(SocketImpl s) throws IOException {
            throw new IOException("not supported");
        }

        @Override
        protected InputStream getInputStream() throws IOException {
            throw new IOException("not connected");
        }

        @Override
        protected OutputStream getOutputStream() throws IOException {
            throw new IOException("not connected");
        }

        @Override
        protected int available() {
            return 0;
        }

        @Override
        protected void close() {
        }

        @Override
        protected void sendUrgentData(int data) throws IOException {
            throw new IOException("not connected");
        }

        @Override
        public void setOption(int optID, Object value) {
        }

        @Override
        public Object getOption(int optID) {
            return optID == SocketOptions.SO_TIMEOUT ? Integer.valueOf(0) : null;
        }
    }
}
