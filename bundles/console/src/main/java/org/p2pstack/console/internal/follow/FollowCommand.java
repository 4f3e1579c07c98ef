package org.p2pstack.console.internal.follow;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.p2pstack.api.follow.FollowException;
import org.p2pstack.api.follow.FollowService;
import org.p2pstack.api.follow.Friend;

/** {@code p2p:follow}: visits a person's page over I2P and follows them. */
@Command(scope = "p2p", name = "follow", description = "Follows a friend by their I2P address (b32) or address-book name",
        detailedDescription = "Fetches the friend's signed profile and posts over I2P, checks the signature, adds "
                + "<nickname>.i2p to the address book (another suffix if the name is someone else's) and fetches "
                + "their posts from then on. With --later, an address that cannot be reached now is kept and followed "
                + "as soon as it can be.")
@Service
public class FollowCommand implements Action {

    @Reference
    FollowService follows;

    @Argument(index = 0, name = "address", description = "the friend's <52 characters>.b32.i2p address, or name.i2p",
            required = true)
    String address;

    @Option(name = "--later", description = "keep the address and follow when the friend can be reached")
    boolean later;

    @Override
    public Object execute() throws Exception {
        try {
            Friend f = follows.follow(address);
            System.out.println("Following " + f.nickname() + " (" + f.b32() + ")"
                    + (f.name() == null ? "" : " as " + f.name()));
        } catch (FollowException e) {
            if (later && e.transientFailure()) {
                follows.followLater(address);
                System.out.println(e.getMessage() + " Kept: " + address + " will be followed when it can be reached.");
                return null;
            }
            throw new IllegalStateException(e.getMessage(), e);
        }
        return null;
    }

    /** {@code p2p:unfollow}. */
    @Command(scope = "p2p", name = "unfollow", description = "Stops following a friend (by b32 or address-book name)",
            detailedDescription = "Forgets the friend and their posts and removes the address-book name that following added.")
    @Service
    public static class UnfollowCommand implements Action {

        @Reference
        FollowService follows;

        @Argument(index = 0, name = "address", description = "the friend's b32 address or name.i2p", required = true)
        String address;

        @Override
        public Object execute() {
            if (!follows.unfollow(address)) {
                throw new IllegalStateException("You do not follow " + address);
            }
            System.out.println("No longer following " + address);
            return null;
        }
    }

    /** {@code p2p:following}. */
    @Command(scope = "p2p", name = "following", description = "Lists the friends this node follows and their posts")
    @Service
    public static class FollowingCommand implements Action {

        @Reference
        FollowService follows;

        @Option(name = "--refresh", description = "fetch every friend's posts now (in the background)")
        boolean refresh;

        @Override
        public Object execute() {
            if (refresh) {
                follows.refreshNow();
            }
            if (follows.following().isEmpty() && follows.pending().isEmpty()) {
                System.out.println("You do not follow anyone yet. Use p2p:follow <address>.");
            }
            for (Friend f : follows.following()) {
                long posts = follows.friendsItems().stream().filter(i -> i.b32().equals(f.b32())).count();
                System.out.println(f.nickname() + "  " + (f.name() == null ? "-" : f.name()) + "  " + f.b32() + "  posts: " + posts
                        + "  seq: " + f.seq() + (f.lastFetched() == null ? "" : "  fetched: " + f.lastFetched())
                        + (f.problem() == null ? "" : "  problem: " + f.problem()));
            }
            for (String p : follows.pending()) {
                System.out.println("waiting: " + p);
            }
            return null;
        }
    }
}
