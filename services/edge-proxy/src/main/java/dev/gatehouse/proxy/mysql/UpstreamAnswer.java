package dev.gatehouse.proxy.mysql;

import dev.gatehouse.proxy.mysql.wire.MyPacket;

/** Whoever reads the database's packets for the command that runs now. */
interface UpstreamAnswer {

    /** One packet of the answer; the reader owns it. */
    void packet(MyPacket packet);
}
