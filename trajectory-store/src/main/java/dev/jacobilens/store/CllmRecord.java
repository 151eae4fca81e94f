package dev.jacobilens.store;

import java.util.List;

/**
 * One record of a CLLM trajectory file: the Jacobi trajectory of one block of one prompt, in the
 * layout of hao-ai-lab/Consistency_LLM ({@code data/generate_trajectory.py} writes it,
 * {@code JacobianDataset} / {@code preprocess_distill_data} in {@code cllm/train_cllm_global.py}
 * read it). Batch dimensions of the file ({@code [[...]]}) are removed here: batch size is 1.
 *
 * @param dataId           {@code data_id}, "data_{i}": which prompt
 * @param iteration        the number in {@code jacobian_itr_id} "itr_{k}": which block of it
 * @param promptLength     {@code prompt_ids_len}: length of the original prompt
 * @param promptIds        {@code prompt_ids}: the prompt followed by all earlier blocks' fixed points
 * @param trajectory       {@code answer_trajectory_ids}: the block's states, initial guess to fixed point
 * @param teacherOutputIds {@code teacher_output_ids}: {@code promptIds} followed by this fixed point
 * @param completeTeacherOutputIds {@code complete_teacher_output_ids}: the prompt followed by every
 *                         block of the prompt's last record; null when the file lacks it
 * @param line             line of the file where the record starts (for error messages), 0 if unknown
 */
public record CllmRecord(String dataId, int iteration, int promptLength, int[] promptIds, List<int[]> trajectory,
                         int[] teacherOutputIds, int[] completeTeacherOutputIds, int line) {
    public CllmRecord {
        trajectory = List.copyOf(trajectory);
    }

    /** {@code jacobian_itr_id} as written. */
    public String iterationId() {
        return "itr_" + iteration;
    }

    /** The last state of the trajectory: the block's fixed point. */
    public int[] fixedPoint() {
        return trajectory.get(trajectory.size() - 1);
    }
}
