package org.p2pstack.core.internal.follow;

import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.p2pstack.core.internal.directory.Follows;
import org.p2pstack.core.internal.directory.ProfileRecord;

/** The follow list as the core's chat and directory see it: the friends' verified records. */
@Component(service = Follows.class)
public final class FollowsService implements Follows {

    private final FollowServiceImpl follows;

    @Activate
    public FollowsService(@Reference FollowServiceImpl follows) {
        this.follows = follows;
    }

    @Override
    public List<ProfileRecord> following() {
        return follows.records();
    }

    @Override
    public AutoCloseable onChange(Runnable listener) {
        return follows.onChange(listener);
    }
}
