package dev.portcullis.undertow;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads the extra HTTP routes run on. Their own small pool rather than the handshake workers
 * or Undertow's XNIO worker: routes (admin, health, metrics) may block on files and Redis, and a slow
 * or flooded route must neither delay a handshake nor queue without bound. {@link #THREADS} threads
 * serve an operator's traffic with room for one stuck Redis call; at most {@link #QUEUE} requests
 * wait, and past that a request is refused at once ({@code 503}) instead of holding memory. Idle
 * threads end after a minute; daemon threads, so that a node never stopped cannot hold the JVM.
 */
final class RouteWorkers {

  static final int THREADS = 4;
  static final int QUEUE = 64;

  private RouteWorkers() {}

  static ThreadPoolExecutor start() {
    AtomicInteger n = new AtomicInteger();
    ThreadPoolExecutor pool = new ThreadPoolExecutor(THREADS, THREADS, 60, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(QUEUE), task -> {
          Thread t = new Thread(task, "portcullis-route-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        }, new ThreadPoolExecutor.AbortPolicy());
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }
}
