package ai.babysea.api.logs;

import java.util.List;

/** `data` of `GET /v1/logs`: one page of the request log, newest first. */
public record RequestLogList(List<RequestLogView> logs) {
}
