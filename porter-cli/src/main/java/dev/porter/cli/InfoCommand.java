package dev.porter.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.porter.JobInfo;
import dev.porter.json.Json;
import dev.porter.spi.JobStore;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "info", mixinStandardHelpOptions = true, description = "Prints everything known about a job, as JSON.")
final class InfoCommand implements Callable<Integer> {
    @Mixin
    StoreOption store;

    @Parameters(index = "0", paramLabel = "ID", description = "The job id.")
    String id;

    @Override
    public Integer call() throws Exception {
        try (JobStore jobs = store.open()) {
            JobInfo info = jobs.get(id).orElseThrow(() -> new CliException("job " + id + " not found"));
            System.out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(toJson(info)));
            return 0;
        }
    }

    /** Args and result are stored as JSON text; shown as JSON values, not as strings of escaped JSON. */
    private static ObjectNode toJson(JobInfo info) {
        ObjectNode node = Json.mapper().valueToTree(info);
        node.remove("argsJson");
        node.remove("resultJson");
        node.set("args", Json.parse(info.argsJson(), "args"));
        if (info.resultJson() != null) {
            node.set("result", Json.parse(info.resultJson(), "result"));
        }
        return node;
    }
}
