package dev.portcullis.core.port;

/**
 * Told the outcome and duration of every handshake judged and every message judged, so that statistics
 * and metrics count what passed as well as what was refused. Called on the message path for every
 * message: implementations must be lock-free, allocation-free and must not throw.
 */
public interface TrafficMeter {

  /** Counts nothing: the default when no admin surface is installed. */
  TrafficMeter NONE = new TrafficMeter() {
    @Override
    public void handshake(String refusal, long nanos) {}

    @Override
    public void message(String refusal, long nanos) {}
  };

  /**
   * A handshake was judged by the connection policies.
   *
   * @param refusal the refusal code, {@code null} when admitted
   * @param nanos   from the start of the judgement to the answer, delays included
   */
  void handshake(String refusal, long nanos);

  /**
   * A whole message was judged by the message policies (or refused by the transport before them).
   *
   * @param refusal the refusal code, {@code null} when delivered
   * @param nanos   the time the policies took
   */
  void message(String refusal, long nanos);
}
